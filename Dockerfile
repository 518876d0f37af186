# rakbot container image: slim Python base, the bot in a virtual environment, a non-root user,
# no secrets (TELEGRAM_BOT_TOKEN, DATABASE_URL, WEBHOOK_SECRET come from the environment at run
# time, see compose.yaml and docs/betrieb.md).

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY rakbot ./rakbot
COPY handlers ./handlers
COPY storage ./storage
RUN python -m venv /opt/rakbot \
    && /opt/rakbot/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/rakbot --create-home rakbot
COPY --from=build /opt/rakbot /opt/rakbot
ENV PATH=/opt/rakbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////var/lib/rakbot/rakbot.db \
    HTTP_LISTEN=0.0.0.0 \
    HTTP_PORT=8080 \
    WEBHOOK_LISTEN=0.0.0.0 \
    WEBHOOK_PORT=8080
WORKDIR /var/lib/rakbot
VOLUME ["/var/lib/rakbot"]
USER 10001:10001
EXPOSE 8080
# Ready = database reachable, migrations current, outbox not behind (see docs/betrieb.md).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/health/ready', timeout=4).status == 200 else 1)"]
CMD ["rakbot", "run"]
