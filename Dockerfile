# The Co-production Knowledge Base API and frontend.
#   docker build -t ckb .
#   docker run -p 8000:8000 -v ckb-data:/data ckb
# On PostgreSQL: -e DATABASE_URL=postgresql+psycopg://user:pass@host/db, and --workers N.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////data/ckb.sqlite3 \
    CKB_INDEX_DIR=/index \
    CKB_ENVIRONMENT=production

WORKDIR /srv/ckb
# The app finds its migrations, seed and frontend beside its package, so it is installed
# in place (editable) rather than into site-packages.
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY seed ./seed
COPY frontend ./frontend
RUN pip install --upgrade pip && pip install -e .

RUN useradd --system --uid 10001 --home-dir /srv/ckb ckb \
    && mkdir -p /data /index && chown ckb:ckb /data /index
USER ckb
VOLUME ["/data", "/index"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"

# serve: migrates to head, loads the seed entries into an empty database, then runs uvicorn.
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
