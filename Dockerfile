# navolg: the API, web interface and command line in one image.
# Slim Debian Python (the same Debian release and Python as our development and CI machines),
# system packages from scripts/system-packages.sh (the script scripts/setup.sh runs, so the
# image gets what the tests ran with), navolg in a virtualenv, run as an unprivileged user.
# No Docker engine runs on our machines: tests/deploy/test_dockerfile.py checks this file
# statically (base image, the shared install script, USER, HEALTHCHECK, what is copied).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# System packages first: they change least, so this layer is cached longest.
COPY scripts/system-packages.sh /opt/navolg/src/scripts/system-packages.sh
RUN /opt/navolg/src/scripts/system-packages.sh runtime && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/navolg/src
COPY pyproject.toml README.md ./
COPY store ./store
COPY ingest ./ingest
COPY search ./search
COPY lineage ./lineage
COPY api ./api
COPY ui ./ui
COPY export ./export
RUN python -m venv /opt/navolg/venv \
    && /opt/navolg/venv/bin/pip install --upgrade pip \
    && /opt/navolg/venv/bin/pip install . \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/navolg --create-home \
       --shell /usr/sbin/nologin navolg \
    && mkdir -p /var/lib/navolg/inbox \
    && chown -R navolg:navolg /var/lib/navolg

ENV PATH=/opt/navolg/venv/bin:$PATH \
    HOME=/var/lib/navolg \
    NAVOLG_STORE=/var/lib/navolg/data
WORKDIR /var/lib/navolg
USER navolg
VOLUME ["/var/lib/navolg"]
EXPOSE 8000

# Liveness: /healthz answers without touching the store or index (readiness is /readyz).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["navolg", "serve", "--host", "0.0.0.0", "--port", "8000"]
