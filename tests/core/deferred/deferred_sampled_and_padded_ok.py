# In the style of Deep Learning with Python (chapter 3, a linear classifier on two Gaussian clouds
# drawn with np.random.multivariate_normal; chapter 6, reversed IMDB sequences padded with
# pad_sequences before an LSTM): the models are built by fit on that data.
import numpy as np
import keras
from keras import layers

per_class = 30
negative = np.random.multivariate_normal(mean=[0, 3], cov=[[1, 0.5], [0.5, 1]], size=per_class)
positive = np.random.multivariate_normal(mean=[3, 0], cov=[[1, 0.5], [0.5, 1]], size=per_class)
points = np.vstack((negative, positive)).astype(np.float32)
targets = np.vstack((np.zeros((per_class, 1), dtype="float32"), np.ones((per_class, 1), dtype="float32")))
linear = keras.Sequential([layers.Dense(1)])
linear.compile(optimizer="rmsprop", loss="mean_squared_error")
linear.fit(points, targets, batch_size=20, epochs=1, verbose=0)

texts = [np.random.randint(1, 50, size=np.random.randint(2, 9)) for _ in range(12)]
texts = [x[::-1] for x in texts]
padded = keras.utils.pad_sequences(texts, maxlen=10)
reader = keras.Sequential([layers.Embedding(50, 8), layers.LSTM(4), layers.Dense(1, activation="sigmoid")])
reader.compile(optimizer="rmsprop", loss="binary_crossentropy")
reader.fit(padded, np.random.randint(0, 2, size=(12,)), batch_size=4, epochs=1, verbose=0)
