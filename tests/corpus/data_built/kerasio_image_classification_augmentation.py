# In the style of the keras-io example "Image classification from scratch" (fchollet): the
# data-augmentation block applied in a helper and mapped over tf.data, with a Sequential head
# https://keras.io/examples/vision/image_classification_from_scratch/ (examples/vision/image_classification_from_scratch.py)
# The Cats-vs-Dogs folders are replaced by random JPEGs written to a scratch folder.
import os

import numpy as np
import keras
import tensorflow as tf
from keras import layers
from tensorflow import data as tf_data

for folder_name in ("Cat", "Dog"):
    os.makedirs(os.path.join("PetImages", folder_name), exist_ok=True)
    for i in range(4):
        image = np.random.randint(0, 255, size=(200, 150, 3)).astype("uint8")
        tf.io.write_file(os.path.join("PetImages", folder_name, f"{i}.jpg"), tf.io.encode_jpeg(image))

image_size = (180, 180)
batch_size = 128

train_ds, val_ds = keras.utils.image_dataset_from_directory(
    "PetImages",
    validation_split=0.2,
    subset="both",
    seed=1337,
    image_size=image_size,
    batch_size=batch_size,
)

data_augmentation_layers = [
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
]


def data_augmentation(images):
    for layer in data_augmentation_layers:
        images = layer(images)
    return images


# Apply `data_augmentation` to the training images.
train_ds = train_ds.map(
    lambda img, label: (data_augmentation(img), label),
    num_parallel_calls=tf_data.AUTOTUNE,
)
# Prefetching samples in GPU memory helps maximize GPU utilization.
train_ds = train_ds.prefetch(tf_data.AUTOTUNE)
val_ds = val_ds.prefetch(tf_data.AUTOTUNE)

model = keras.Sequential(
    [
        layers.Rescaling(1.0 / 255),
        layers.Conv2D(32, 3, strides=2, padding="same"),
        layers.BatchNormalization(),
        layers.Activation("relu"),
        layers.SeparableConv2D(64, 3, padding="same"),
        layers.BatchNormalization(),
        layers.Activation("relu"),
        layers.MaxPooling2D(3, strides=2, padding="same"),
        layers.GlobalAveragePooling2D(),
        layers.Dropout(0.25),
        layers.Dense(1, activation=None),
    ]
)

model.compile(
    optimizer=keras.optimizers.Adam(3e-4),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy(name="acc")],
)
model.fit(
    train_ds,
    epochs=1,
    validation_data=val_ds, verbose=0
)
