# The loss takes the one-hot labels, the metric object wants class ids: Keras raises when it
# computes the metric.
import keras
import numpy as np
from keras import layers

features = np.random.rand(60, 7)
onehot = keras.utils.to_categorical(np.random.randint(0, 5, size=(60,)), num_classes=5)
model = keras.Sequential([keras.Input(shape=(7,)), layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy",
              metrics=[keras.metrics.SparseCategoricalAccuracy()])
model.fit(features, onehot, batch_size=12, epochs=1, verbose=0)
