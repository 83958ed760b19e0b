# Models made of models, in the style of the Keras guides "The Sequential model" (feature
# extraction with model.layers, get_layer) and "Transfer learning" (clone_model, pop).
import numpy as np
import keras
from keras import layers

x = np.random.rand(16, 10).astype("float32")
y = np.random.randint(0, 4, size=(16,))

encoder = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(8, name="code")])
decoder = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(10)])
autoencoder = keras.Sequential([keras.Input(shape=(10,)), encoder, decoder])
autoencoder.compile(optimizer="adam", loss="mse")
autoencoder.fit(x, x, epochs=1, verbose=0)

classifier = keras.Sequential([encoder, layers.Dense(4, activation="softmax")])  # built: encoder has an input
classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
classifier.fit(x, y, epochs=1, verbose=0)

base = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(16, activation="relu"),
                         layers.Dense(12, activation="relu", name="features"), layers.Dense(4)])
trunk = keras.Sequential(base.layers[:-1])  # shares the layers, declares no input
trunk.predict(x[:6], verbose=0)
head = keras.Sequential([base.get_layer("features"), layers.Dense(2)])
head.build((None, 16))
last = keras.Sequential([base.layers[0], base.get_layer(index=1)])
last(x[:3])
twin = keras.models.clone_model(base)
copy_of_unbuilt = keras.models.clone_model(keras.Sequential([layers.Dense(5), layers.Dense(1)]))
copy_of_unbuilt.compile(optimizer="adam", loss="mse")
copy_of_unbuilt.fit(x, x[:, :1], batch_size=8, epochs=1, verbose=0)
shrunk = keras.models.clone_model(base)
removed = shrunk.pop()
shrunk.add(layers.Dense(3, activation="softmax"))
stacked = keras.Sequential([keras.Input(shape=(10,)), keras.Sequential([layers.Dense(6), keras.Sequential([layers.Dense(5)])]), layers.Dense(1)])
wrapper = keras.Sequential([keras.Sequential([layers.Dense(4)]), layers.Dense(1)])
wrapper.compile(optimizer="sgd", loss="mse")
wrapper.fit(x, x[:, :1], epochs=1, verbose=0)  # builds the wrapper and the block inside it
inner_block = wrapper.layers[0]
