# A tf.data input pipeline in the style of the TensorFlow "tf.data: Build TensorFlow input
# pipelines" guide and the keras-io "Simple MNIST convnet" example: slices of arrays, a map
# function that adds the channel axis, scales and one-hot encodes, then batches;
# data replaced by small random arrays of the real shapes.
import numpy as np
import tensorflow as tf
import keras
from keras import layers

x_train = np.random.randint(0, 255, size=(64, 28, 28)).astype("uint8")
y_train = np.random.randint(0, 10, size=(64,))


def preprocess(image, label):
    image = tf.cast(tf.expand_dims(image, -1), tf.float32) / 255.0
    return image, tf.one_hot(label, 10)


train_ds = (
    tf.data.Dataset.from_tensor_slices((x_train, y_train))
    .shuffle(64)
    .map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
    .batch(16)
    .prefetch(tf.data.AUTOTUNE)
)
val_ds = tf.data.Dataset.from_tensor_slices((x_train[:16], y_train[:16])).map(preprocess).batch(8)

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Lambda(lambda t: tf.reduce_mean(t, axis=[1, 2])),
    layers.Dense(10, activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=1, verbose=0)
