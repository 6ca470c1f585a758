from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app(config: dict | None = None) -> Flask:
    """Build the application."""
    app = Flask(__name__)
    app.config.update(config or {})
    db.init_app(app)
    from .views import bp

    app.register_blueprint(bp)
    return app
