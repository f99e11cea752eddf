"""The OpenAPI docs page (/docs), with Swagger UI served by this server, not a CDN.

Swagger UI (5.x, which reads OpenAPI 3.1) comes from the files of the `fastapi-offline`
package; only its files are used.  The page starts it from a
script file rather than an inline script, so the Content-Security-Policy can forbid
inline scripts here as on the dashboard.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - docs</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="docs-assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs-assets/swagger-ui-bundle.js"></script>
<script src="docs-init.js"></script>
</body>
</html>
"""

INIT = """window.ui = SwaggerUIBundle({
  url: "openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  validatorUrl: null
});
"""


def mount_docs(app: FastAPI, title: str) -> None:
    """/docs, its assets at /docs-assets and its start script (create the app with docs_url=None)."""
    import fastapi_offline

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE.format(title=title))

    @app.get("/docs-init.js", include_in_schema=False)
    def docs_init() -> Response:
        return Response(INIT, media_type="text/javascript")
