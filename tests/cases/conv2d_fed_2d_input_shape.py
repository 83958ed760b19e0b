# Grayscale pictures described without their channel axis: Conv2D wants (height, width, channels).
import tensorflow as tf

net = tf.keras.Sequential(
    [
        tf.keras.layers.Conv2D(16, (5, 5), padding="same", input_shape=(32, 32)),
        tf.keras.layers.MaxPooling2D(),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(3),
    ]
)
