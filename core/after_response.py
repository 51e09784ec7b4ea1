"""Work a visitor need not wait for (counting a search), done once their response has been sent.

`AfterResponseMiddleware` gives each request a list; `after_response(request, function, *args)` adds to
it. The work runs when the server closes the response (WSGI's `close()`, called after the last byte is
written; Django's test client calls it too), before Django's own end of the request — its
`request_finished` closes the database connections the work may use. A failure is logged, never
shown: the visitor has their answer already. Without the middleware (a view called directly) the work
runs at once.
"""

import logging

logger = logging.getLogger(__name__)
ATTRIBUTE = "_after_response"


def after_response(request, function, *args):
    pending = getattr(request, ATTRIBUTE, None)
    if pending is None:
        function(*args)
    else:
        pending.append((function, args))


class AfterResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending = []
        setattr(request, ATTRIBUTE, pending)
        response = self.get_response(request)
        if pending:
            close = response.close

            def run_then_close():
                try:
                    _run(pending)
                finally:
                    close()

            response.close = run_then_close
        return response


def _run(pending):
    while pending:
        function, args = pending.pop(0)
        try:
            function(*args)
        except Exception:  # the response is sent: nothing left to tell the visitor
            logger.exception("work after the response failed: %s", getattr(function, "__qualname__", function))
