# The loss takes the class ids, the metric class wants one-hot labels: Keras trains and reports a
# meaningless accuracy.
import keras
import numpy as np
from keras import layers, metrics

features = np.random.rand(60, 7)
classes = np.random.randint(0, 5, size=(60,))
model = keras.Sequential([keras.Input(shape=(7,)), layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=[metrics.CategoricalAccuracy])
model.fit(features, classes, batch_size=12, epochs=1, verbose=0)
