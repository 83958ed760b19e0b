# Models built on one batch size by their first data, then fed other batch sizes: Keras accepts it.
import numpy as np
import keras
from keras import layers

img = np.random.rand(10, 8, 8, 3).astype("float32")
seq = np.random.rand(10, 6, 4).astype("float32")
tok = np.random.randint(0, 50, size=(10, 7))
a = keras.Sequential([layers.Conv2D(4, 3), layers.BatchNormalization(), layers.MaxPooling2D(), layers.Flatten(), layers.Dense(2)])
a.predict(img[:3], verbose=0)
a.predict(img, verbose=0)
a(img)
b = keras.Sequential([layers.LSTM(5, return_sequences=True), layers.GRU(3), layers.Reshape((3, 1)), layers.Conv1D(2, 2)])
b.predict(seq[:4], verbose=0)
b(seq)
c = keras.Sequential([layers.Embedding(50, 4), layers.GlobalAveragePooling1D(), layers.Dense(1)])
c.compile(loss="mse")
c.train_on_batch(tok[:2], np.zeros((2, 1)))
c.predict(tok, verbose=0)
d = keras.Sequential([layers.Normalization(), layers.Dense(2), layers.LayerNormalization(), layers.Dropout(0.1), layers.RepeatVector(3), layers.Permute((2, 1)), layers.TimeDistributed(layers.Dense(2)), layers.Bidirectional(layers.LSTM(2))])
d(np.zeros((1, 5)))
d.predict(np.zeros((9, 5)), verbose=0)
