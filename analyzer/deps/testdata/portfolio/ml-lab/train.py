import cv2
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split
from tqdm import tqdm


def load(paths):
    return np.stack([cv2.imread(p, cv2.IMREAD_GRAYSCALE).ravel() for p in tqdm(paths)])


def train(csv):
    df = pd.read_csv(csv)
    X = load(df["path"])
    X_tr, X_te, y_tr, y_te = train_test_split(X, df["label"])
    model = RandomForestClassifier().fit(X_tr, y_tr)
    return model.score(X_te, y_te)
