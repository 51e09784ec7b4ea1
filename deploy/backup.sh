#!/bin/sh
# Nightly backup with rotation, for cron or a systemd timer (README: Backups). From the project root:
#   15 2 * * *  cd /srv/alliance && deploy/backup.sh >> var/backup.log 2>&1
#   15 2 * * *  cd /srv/alliance && BACKUP_COMPOSE=1 deploy/backup.sh >> backup.log 2>&1   # with compose
# Archives older than BACKUP_KEEP_DAYS (default 14) are removed after a backup succeeded; copy the
# folder off the machine as well.
set -eu
keep_days="${BACKUP_KEEP_DAYS:-14}"
if [ -n "${BACKUP_COMPOSE:-}" ]; then
    docker compose run --rm -T app python manage.py backup   # into the app's BACKUP_DIR: ./backups here
    backup_dir="backups"
else
    backup_dir="${BACKUP_DIR:-var/backups}"
    "${PYTHON:-.venv/bin/python}" manage.py backup --output "$backup_dir/alliance-$(date +%Y%m%d-%H%M%S).tar.gz"
fi
find "$backup_dir" -maxdepth 1 -name 'alliance-*.tar.gz' -mtime +"$keep_days" -delete
