# Scaled features fed to an Embedding: Keras casts them to ids, and every value in [0, 1)
# becomes token 0, so the model learns nothing from them.
import keras
import numpy as np
from keras import layers

readings = np.random.rand(64, 30)
label = np.random.randint(0, 2, size=(64, 1))
model = keras.Sequential([
    keras.Input(shape=(30,)),
    layers.Embedding(100, 8),
    layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(readings, label, batch_size=16, epochs=1, verbose=0)
