import requests
from flask import Blueprint, jsonify, request

from .models import User

bp = Blueprint("api", __name__)


@bp.route("/users")
def users():
    page = int(request.args.get("page", 1))
    if page < 1:
        return jsonify(error="bad page"), 400
    return jsonify([u.display for u in User.query.paginate(page=page).items])


@bp.route("/weather/<city>")
def weather(city: str):
    try:
        r = requests.get(f"https://weather.example/{city}", timeout=5)
    except:
        return jsonify(error="down"), 502
    if (data := r.json()) and "temp" in data:
        return jsonify(temp=data["temp"])
    return jsonify(error="no data"), 404
