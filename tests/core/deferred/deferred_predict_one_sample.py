# predict(x[0]) on a model that has not seen data yet: Keras builds it on one sample's shape,
# taking its first axis as the batch; the next fit() with real batches then raises.
import numpy as np
import keras
from keras import layers

x = np.random.rand(20, 5, 4).astype("float32")
y = np.random.randint(0, 3, size=(20,))
model = keras.Sequential([layers.Flatten(), layers.Dense(8), layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
first = model.predict(x[0], verbose=0)
model.fit(x, y, epochs=1, verbose=0)
