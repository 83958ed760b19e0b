import contextlib

import keras
from keras import layers

N_FEATURES = 20


def build():
    inner = keras.Sequential([keras.Input(shape=(N_FEATURES,)), layers.Dense(8), layers.Dense(1)])
    return inner


top = keras.Sequential([keras.Input(shape=(N_FEATURES,)), layers.Dense(N_FEATURES // 2)])
with contextlib.suppress(ValueError):
    top.add(layers.Dense(3))
