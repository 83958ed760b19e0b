# A model saved to a .keras file and loaded back in the same program (TensorFlow tutorial
# "Save and load models"): the loaded model has the layers and input of the model as saved,
# even when the original changes afterwards. Runs in a scratch folder it removes.
import os
import shutil
import tempfile

import numpy as np
import keras
from keras import layers

home = os.getcwd()
scratch = tempfile.mkdtemp()
os.chdir(scratch)

model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dropout(0.2), layers.Dense(3)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 5)), np.zeros((8, 3)), epochs=1, verbose=0)
model.save("my_model.keras")
model.add(layers.Dense(2))

loaded = keras.models.load_model("my_model.keras")

declared = keras.Sequential([keras.Input((4, 6)), layers.Flatten(), layers.Dense(2)])
declared.save("declared.keras")
reloaded = keras.saving.load_model("declared.keras")

os.chdir(home)
shutil.rmtree(scratch)
