"""gunicorn's access log as one JSON object per request on stdout, for a log collector to read
(gunicorn's own format is a template of Apache atoms, which a quote in a path or user agent breaks)."""

import json
import traceback
from datetime import UTC, datetime

from gunicorn.glogging import Logger


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            atoms = self.atoms(resp, req, environ, request_time)
            line = {
                "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "remote": atoms["h"],
                "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR", ""),
                "method": atoms["m"],
                "path": atoms["U"],
                "query": atoms["q"],
                # gunicorn's own error page (the app failed before start_response) has no status_code
                "status": getattr(resp, "status_code", None) or atoms["s"],
                "bytes": atoms["B"],
                "ms": round(request_time.total_seconds() * 1000, 1),
                "user_agent": atoms["a"],
            }
            self.access_log.info(json.dumps(line, ensure_ascii=False))
        except Exception:  # noqa: BLE001 - a log line must never fail the request
            self.error(traceback.format_exc())
