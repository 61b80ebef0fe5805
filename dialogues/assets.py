"""Small pages that stay small: compressed responses (brotli or gzip), static files whose URLs carry
a hash of their content so browsers keep them for a year without asking again, and the favicon.

Every ``url_for("static", filename=…)`` gets ``?v=<hash>`` (computed once at start-up); a request
for that exact version is answered ``Cache-Control: public, max-age=31536000, immutable``. A changed
file has a new hash, hence a new URL; an old or missing ``v`` falls back to Flask's revalidation.
"""
import hashlib
from pathlib import Path

from flask import Flask, request, send_from_directory

from .extensions import compress

YEAR = 365 * 24 * 3600
COMPRESSED = ["text/html", "text/css", "text/plain", "text/markdown", "application/javascript", "text/javascript",
              "application/json", "image/svg+xml"]


def content_hashes(folder: str) -> dict[str, str]:
    """``{"css/app.css": "3f2a…"}`` for every file under ``folder``."""
    root = Path(folder)
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            for path in sorted(root.rglob("*")) if path.is_file()}


def register_assets(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED)
    compress.init_app(app)
    hashes = content_hashes(app.static_folder)

    @app.url_defaults
    def versioned(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and values.get("filename") in hashes:
            values["v"] = hashes[values["filename"]]

    @app.after_request
    def cache_versioned(response):
        if (request.endpoint == "static" and response.status_code == 200 and request.view_args
                and request.args.get("v") == hashes.get(request.view_args.get("filename"))):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response

    @app.get("/favicon.ico")
    def favicon():
        """For browsers and tools that ask for it by this name; pages link the hashed SVG."""
        return send_from_directory(app.static_folder, "favicon.ico", max_age=7 * 24 * 3600)
