# In the style of keras-io "Image classification from scratch" (keras.io/examples/vision/
# image_classification_from_scratch): an augmentation Sequential without Input, called on a
# functional keras.Input, then further layers and Sequential blocks.
import numpy as np
import keras
from keras import layers

data_augmentation = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])
head = keras.Sequential([layers.GlobalAveragePooling2D(), layers.Dense(1)])

inputs = keras.Input(shape=(32, 32, 3))
x = data_augmentation(inputs)
x = layers.Rescaling(1.0 / 255)(x)
x = layers.Conv2D(8, 3, strides=2, padding="same")(x)
outputs = head(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(np.random.rand(8, 32, 32, 3), np.random.randint(0, 2, size=(8, 1)), epochs=1, verbose=0)


def make_block(input_shape):
    inputs = keras.Input(shape=input_shape)
    block = keras.Sequential([layers.Conv2D(4, 3, activation="relu"), layers.Flatten()])
    return block, block(inputs)


small_block, small_features = make_block((8, 8, 1))  # one block per call, each on its own input
large_block, large_features = make_block((16, 16, 3))


# In the style of the residual blocks of keras-io "Image classification from scratch".
def residual_model(input_shape):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(8, 3, padding="same")(inputs)
    previous = x
    x = layers.Conv2D(8, 3, padding="same")(x)
    x = layers.add([x, previous])
    y = layers.Concatenate()([x, inputs])
    z = layers.concatenate([layers.GlobalAveragePooling2D()(y), layers.GlobalMaxPooling2D()(x)], axis=-1)
    return keras.Model(inputs, residual_head(z))


residual_head = keras.Sequential([layers.Dense(6, activation="relu"), layers.Dense(1)])
residual = residual_model((10, 10, 3))
