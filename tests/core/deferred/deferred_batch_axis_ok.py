# What the batch axis of a model built by its first data is, per method (Keras 3 / TF 2.21).
import numpy as np
import keras
from keras import layers


def mlp(units):
    model = keras.Sequential([layers.Dense(units, activation="relu"), layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


x64 = np.random.rand(64, 6).astype("float32")
y64 = np.random.randint(0, 3, size=(64,))
full_batches = mlp(8)
full_batches.fit(x64, y64, epochs=1, verbose=0)  # 64 = 2 x 32: every batch is full
given_batch = mlp(8)
given_batch.fit(x64, y64, 16, epochs=1, verbose=0)
partial = mlp(8)
partial.fit(x64, y64, batch_size=48, epochs=1, verbose=0)
split = mlp(8)
split.fit(x64, y64, batch_size=16, validation_split=0.25, epochs=1, verbose=0)  # 48 training samples
stepped = mlp(8)
stepped.fit(x64, y64, steps_per_epoch=4, epochs=1, verbose=0)
evaluated = mlp(4)
evaluated.evaluate(x64[:40], y64[:40], verbose=0)
predicted = mlp(4)
predicted.predict(x64[:10], verbose=0)
predicted_big = mlp(4)
predicted_big.predict(x64, batch_size=20, verbose=0)
called = mlp(5)
called(x64[:7])
on_batch = mlp(5)
on_batch.train_on_batch(x64[:12], y64[:12])
tested = mlp(5)
tested.test_on_batch(x64[:9], y64[:9])
batch_predicted = mlp(5)
batch_predicted.predict_on_batch(x64[:3])
declared_by_build = mlp(2)
declared_by_build.build((None, 6))
declared_by_build.fit(x64, y64, epochs=1, verbose=0)
predicted.fit(x64, y64, epochs=1, verbose=0)  # built before on (10, 6): Keras takes any batch
