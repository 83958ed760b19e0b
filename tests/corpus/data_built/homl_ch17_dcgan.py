# In the style of Hands-On Machine Learning (Geron, 3rd ed.), chapter 17 "Deep Convolutional
# GANs": a generator and a discriminator without inputs, built by the first batch of the
# training loop over a tf.data dataset (github.com/ageron/handson-ml3,
# 17_autoencoders_gans_and_diffusion_models.ipynb). Our own code, smaller nets; load_data() is
# served random arrays of the documented shapes by the corpus runner.
import numpy as np
import tensorflow as tf

(X_train_full, y_train_full), _ = tf.keras.datasets.fashion_mnist.load_data()
X_train = X_train_full.astype(np.float32) / 255
X_train_dcgan = X_train.reshape(-1, 28, 28, 1) * 2. - 1.  # reshape and rescale

tf.random.set_seed(42)
codings_size = 20

generator = tf.keras.Sequential([
    tf.keras.layers.Dense(7 * 7 * 16),
    tf.keras.layers.Reshape([7, 7, 16]),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Conv2DTranspose(8, kernel_size=5, strides=2, padding="same", activation="relu"),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Conv2DTranspose(1, kernel_size=5, strides=2, padding="same", activation="tanh"),
])
discriminator = tf.keras.Sequential([
    tf.keras.layers.Conv2D(8, kernel_size=5, strides=2, padding="same",
                           activation=tf.keras.layers.LeakyReLU(0.2)),
    tf.keras.layers.Dropout(0.4),
    tf.keras.layers.Conv2D(16, kernel_size=5, strides=2, padding="same",
                           activation=tf.keras.layers.LeakyReLU(0.2)),
    tf.keras.layers.Dropout(0.4),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
gan = tf.keras.Sequential([generator, discriminator])

discriminator.compile(loss="binary_crossentropy", optimizer="rmsprop")
discriminator.trainable = False
gan.compile(loss="binary_crossentropy", optimizer="rmsprop")

batch_size = 32
dataset = tf.data.Dataset.from_tensor_slices(X_train_dcgan).shuffle(buffer_size=1000)
dataset = dataset.batch(batch_size, drop_remainder=True).prefetch(1)


def train_gan(gan, dataset, batch_size, codings_size, n_epochs):
    generator, discriminator = gan.layers
    for epoch in range(n_epochs):
        for X_batch in dataset:
            # phase 1 - training the discriminator
            noise = tf.random.normal(shape=[batch_size, codings_size])
            generated_images = generator(noise)
            X_fake_and_real = tf.concat([generated_images, X_batch], axis=0)
            y1 = tf.constant([[0.]] * batch_size + [[1.]] * batch_size)
            discriminator.train_on_batch(X_fake_and_real, y1)
            # phase 2 - training the generator
            noise = tf.random.normal(shape=[batch_size, codings_size])
            y2 = tf.constant([[1.]] * batch_size)
            gan.train_on_batch(noise, y2)


train_gan(gan, dataset, batch_size, codings_size, n_epochs=1)
