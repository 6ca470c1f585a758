import os
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
import matplotlib.pyplot as plt

DATA = os.environ.get("DATA", "data.csv")


def load(path=DATA):
    df = pd.read_csv(path)
    df = df.dropna(subset=["label"])
    df["ratio"] = df.apply(lambda r: r["a"] / r["b"] if r["b"] else 0.0, axis=1)
    return df


def features(df):
    cols = [c for c in df.columns if c.startswith("f_") and df[c].dtype != object]
    squares = {c: df[c] ** 2 for c in cols}
    return df.assign(**{f"{k}_sq": v for k, v in squares.items()})


def batches(rows, size=128):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def evaluate(model, X, y):
    pred = model.predict(X)
    acc = (pred == y).mean()
    wrong = sum(1 for p, t in zip(pred, y) if p != t)
    return {"accuracy": acc, "wrong": wrong}


def train(df, seed=0):
    X = features(df).drop(columns=["label"]).to_numpy()
    y = df["label"].to_numpy()
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=seed)
    model = RandomForestClassifier(n_estimators=100, random_state=seed)
    model.fit(X_train, y_train)
    return model, evaluate(model, X_test, y_test)


def plot(df):
    fig, ax = plt.subplots()
    ax.hist(np.log1p(df["ratio"].clip(lower=0)), bins=50)
    fig.savefig("ratio.png")


if __name__ == "__main__":
    frame = load()
    m, scores = train(frame)
    print(scores)
    plot(frame)
