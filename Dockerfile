# The app image for compose.yaml: gunicorn serving the site (and, with another command, the task worker).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=alliance.settings.production
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Hashed, compressed static files baked into the image; production settings insist on a key and hosts,
# which collecting files does not use.
RUN SECRET_KEY=collectstatic ALLOWED_HOSTS=collectstatic python manage.py collectstatic --noinput -v0 \
    && useradd --system --uid 1000 --home-dir /app alliance \
    && mkdir -p /app/media /app/private && chown alliance: /app/media /app/private
USER alliance

EXPOSE 8000
ENV BIND=0.0.0.0:8000
CMD ["gunicorn"]
