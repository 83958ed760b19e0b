# values: settings from a dict, a dataclass, a namedtuple, a NamedTuple and a constants class.
# In the style of the keras-io "structured data" examples and Hands-On ML 3rd ed. ch. 10
# (hyperparameters gathered in a config object); data replaced by small random arrays.
from collections import namedtuple
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import keras
from keras import layers

CONFIG = {"n_features": 12, "hidden": [32, 16], "classes": 3, "head": {"dropout": 0.2}}
CONFIG["hidden"].append(8)
CONFIG["lr"] = 1e-3
extra = dict(classes=CONFIG["classes"], width=CONFIG.get("width", 24))
n_hidden = len(CONFIG["hidden"])


@dataclass
class TrainConfig:
    batch_size: int = 16
    epochs: int = 1
    embed: int = field(default=6)
    tags: list = field(default_factory=list)


class Arch(NamedTuple):
    units: int = 20
    act: str = "relu"


class CFG:
    SEED = 42
    BOTTLENECK = 4


Head = namedtuple("Head", ["units", "activation"], defaults=["softmax"])

train_cfg = TrainConfig(epochs=1)
arch = Arch()
head = Head(CONFIG["classes"])

rng = np.random.default_rng(CFG.SEED)
x = rng.normal(size=(64, CONFIG["n_features"])).astype("float32")
y = rng.integers(0, CONFIG["classes"], size=64)

model = keras.Sequential([keras.Input(shape=(CONFIG["n_features"],))])
for units in CONFIG["hidden"]:
    model.add(layers.Dense(units, activation=arch.act))
model.add(layers.Dense(extra["width"]))
model.add(layers.Dense(arch.units))
model.add(layers.Dropout(CONFIG["head"]["dropout"]))
model.add(layers.Dense(train_cfg.embed * n_hidden))
model.add(layers.Dense(CFG.BOTTLENECK))
model.add(layers.Dense(head.units, activation=head.activation))
model.compile(optimizer=keras.optimizers.Adam(CONFIG["lr"]), loss="sparse_categorical_crossentropy")
model.fit(x, y, batch_size=train_cfg.batch_size, epochs=train_cfg.epochs, verbose=0)
