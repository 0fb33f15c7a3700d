# One image for all three services; the command picks the service:
#   docker run IMAGE samspil serve ssp
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# psycopg is installed without its binary extra, so it loads the system libpq.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY contracts ./contracts
COPY infra ./infra
COPY services ./services
RUN pip install . && rm -rf /src

WORKDIR /app
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home samspil \
    && mkdir /data \
    && chown samspil:samspil /data
USER samspil

# In a container the API must listen on every interface, not the loopback default.
ENV SAMSPIL_DATA_DIR=/data \
    SAMSPIL_HTTP_HOST=0.0.0.0
VOLUME ["/data"]
EXPOSE 8101 8102 8103

CMD ["samspil", "serve", "school"]
