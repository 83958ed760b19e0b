# The same pipeline as dataset_pipeline_ok.py (tf.data guide style), but the map function
# converts RGB images to grayscale while the model still expects three channels: Keras raises
# in fit(). Data replaced by small random arrays.
import numpy as np
import tensorflow as tf
import keras
from keras import layers

images = np.random.rand(32, 24, 24, 3).astype("float32")
labels = np.random.randint(0, 4, size=(32,))

ds = tf.data.Dataset.from_tensor_slices((images, labels))
ds = ds.map(lambda x, y: (tf.image.rgb_to_grayscale(x), y)).batch(8)

model = keras.Sequential([
    keras.Input(shape=(24, 24, 3)),
    layers.Conv2D(4, 3),
    layers.Flatten(),
    layers.Dense(4, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(ds, epochs=1, verbose=0)
