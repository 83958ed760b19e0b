# In the style of the Keras guide "Making new layers and models via subclassing" and the
# TensorFlow autoencoder tutorial (tensorflow.org/tutorials/generative/autoencoder): Sequential
# blocks without Input held by a subclassed Model, built when fit() runs call().
import numpy as np
import keras
from keras import layers


class Autoencoder(keras.Model):
    def __init__(self, latent_dim, shape):
        super().__init__()
        self.latent_dim = latent_dim
        self.shape = shape
        self.encoder = keras.Sequential([layers.Flatten(), layers.Dense(latent_dim, activation="relu")])
        self.decoder = keras.Sequential([
            layers.Dense(shape[0] * shape[1], activation="sigmoid"),
            layers.Reshape(shape),
        ])

    def call(self, x):
        encoded = self.encoder(x)
        decoded = self.decoder(encoded)
        return decoded


x_train = np.random.rand(60, 28, 28).astype("float32")
autoencoder = Autoencoder(16, (28, 28))
autoencoder.compile(optimizer="adam", loss="mse")
autoencoder.fit(x_train, x_train, epochs=1, shuffle=True, verbose=0)
encoder = autoencoder.encoder
decoder = autoencoder.decoder


class Classifier(keras.Model):
    def __init__(self, classes):
        super().__init__()
        self.features = keras.Sequential([layers.Conv2D(4, 3, activation="relu"), layers.GlobalMaxPooling2D()])
        self.out = layers.Dense(classes)

    def call(self, inputs, training=False):
        return self.out(self.features(inputs))


images = np.random.rand(10, 12, 12, 3).astype("float32")
net = Classifier(5)
scores = net(images)
features = net.features
