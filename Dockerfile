# One image for the API, the worker and beat; the command picks the role.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
COPY openapi.json /src/openapi.json
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 \
    FRONTEND_DIST_DIR=/app/frontend/dist DATA_DIR=/data
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY api ./api
COPY core ./core
COPY integrations ./integrations
COPY workers ./workers
COPY cli ./cli
COPY demo ./demo
COPY deploy ./deploy
RUN uv sync --frozen --no-dev
COPY --from=web /src/frontend/dist ./frontend/dist
RUN useradd --create-home app && mkdir -p /data && chown app /data
USER app
ENV PATH="/app/.venv/bin:$PATH"
EXPOSE 8000
CMD ["uvicorn", "api.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
