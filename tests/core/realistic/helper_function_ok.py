import numpy as np
import keras
from keras import layers

NUM_CLASSES = 4


def build_model(input_shape, n_classes, hidden=(32, 16)):
    model = keras.Sequential(name="classifier")
    model.add(keras.Input(shape=input_shape))
    for units in hidden:
        model.add(layers.Dense(units, activation="relu"))
        model.add(layers.Dropout(0.1))
    model.add(layers.Dense(n_classes, activation="softmax"))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


x = np.random.rand(64, 10).astype("float32")
y = np.random.randint(0, NUM_CLASSES, size=(64,))
model = build_model((10,), NUM_CLASSES)
model.fit(x, y, epochs=1, batch_size=16, validation_data=(x[:8], y[:8]), verbose=0)
pred = model.predict(x[:1], verbose=0)
