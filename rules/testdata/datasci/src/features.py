import numpy as np
import pandas as pd


def zscore(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / values.std()


def clean(df: pd.DataFrame) -> pd.DataFrame:
    out = df.dropna()
    for i in range(len(out)):
        if out.iloc[i]["age"] > 120:
            out = out.drop(out.index[i])
    return out
