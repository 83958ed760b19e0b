# Lambda layers as tutorials write them (in the style of the keras-io examples and
# "Hands-On Machine Learning", 3rd ed., ch. 12: custom computations in Lambda layers);
# data replaced by small random arrays.
import numpy as np
import tensorflow as tf
import keras
from keras import layers, ops
from tensorflow.keras import backend as K


def first_channel(t):
    return t[:, :, 0]


def l2_norm(t, axis=-1):
    return tf.math.l2_normalize(t, axis=axis)


x = np.random.rand(16, 5, 4).astype("float32")
y = np.random.randint(0, 3, size=(16,))

picked = keras.Sequential([layers.Lambda(lambda t: t[:, :, 0]), layers.Dense(3)])
picked.build((None, 5, 4))

ops_model = keras.Sequential([
    keras.Input(shape=(5, 4)),
    layers.Lambda(first_channel),
    layers.Dense(6),
    layers.Lambda(lambda t: tf.expand_dims(t, -1)),
    layers.Lambda(lambda t: K.concatenate([t, t * 2.0])),
    layers.Lambda(lambda t: ops.mean(t, axis=1, keepdims=True)),
    layers.Lambda(lambda t: tf.reshape(t, (-1, 2))),
    layers.Lambda(lambda t: t[..., None] - 1.0),
    layers.Lambda(lambda t: tf.squeeze(t, axis=-1)),
    layers.Lambda(l2_norm),
    layers.Dense(3, activation="softmax"),
])
ops_model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
ops_model.fit(x, y, epochs=1, verbose=0)

images = keras.Sequential([
    keras.Input(shape=(12, 10, 3)),
    layers.Lambda(lambda im: tf.image.resize(im, (8, 8))),
    layers.Lambda(tf.image.rgb_to_grayscale),
    layers.Conv2D(4, 3),
    layers.Lambda(lambda t: tf.reduce_max(t, axis=[1, 2])),
    layers.Lambda(lambda t: tf.concat([t, tf.square(t)], axis=-1)),
    layers.Lambda(lambda t: keras.ops.stack([t, t], axis=1)),
    layers.Flatten(),
    layers.Dense(2),
])


def pair_shape(input_shape):
    return (input_shape[0], input_shape[1] * 2)


# Keras 2 style: the output shape given as a function of the input shape.
declared = keras.Sequential([
    keras.Input(shape=(6,)),
    layers.Lambda(lambda t: tf.concat([t, -t], axis=1), output_shape=pair_shape),
    layers.Lambda(lambda t: t, output_shape=lambda s: s),
    layers.Dense(2),
])

# Transfer-learning tutorials: the application's preprocessing inside the model.
preprocess = keras.applications.mobilenet_v2.preprocess_input
with_preprocessing = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Lambda(preprocess),
    layers.Lambda(keras.applications.resnet50.preprocess_input),
    layers.Lambda(lambda t: keras.applications.efficientnet.preprocess_input(t)),
    layers.Conv2D(4, 3),
])
legacy = keras.Sequential([layers.Lambda(lambda t: t / 255.0, input_shape=(8, 8)), layers.Flatten()])
