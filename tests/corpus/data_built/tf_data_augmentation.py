# In the style of "Data augmentation"
# https://www.tensorflow.org/tutorials/images/data_augmentation (site/en/tutorials/images/data_augmentation.ipynb)
# tf_flowers (tensorflow_datasets) is replaced by random images of varying size in tf.data.
import numpy as np
import tensorflow as tf

from tensorflow.keras import layers

images = np.random.randint(0, 255, size=(12, 240, 320, 3)).astype("uint8")
image_labels = np.random.randint(0, 5, size=(12,))
train_ds = tf.data.Dataset.from_tensor_slices((images[:8], image_labels[:8]))
val_ds = tf.data.Dataset.from_tensor_slices((images[8:], image_labels[8:]))

num_classes = 5

IMG_SIZE = 180

resize_and_rescale = tf.keras.Sequential([
  layers.Resizing(IMG_SIZE, IMG_SIZE),
  layers.Rescaling(1./255)
])

image = tf.cast(tf.expand_dims(images[0], 0), tf.float32)
result = resize_and_rescale(image)

data_augmentation = tf.keras.Sequential([
  layers.RandomFlip("horizontal_and_vertical"),
  layers.RandomRotation(0.2),
])

# Augment the resized image (an Input-less Sequential keeps the image size of its first call).
augmented_image = data_augmentation(result)

model = tf.keras.Sequential([
  # Add the preprocessing layers you created earlier.
  resize_and_rescale,
  data_augmentation,
  layers.Conv2D(16, 3, padding='same', activation='relu'),
  layers.MaxPooling2D(),
  # Rest of your model.
  layers.Flatten(),
  layers.Dense(num_classes)
])

batch_size = 4
AUTOTUNE = tf.data.AUTOTUNE

model.compile(optimizer='adam',
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])
model.fit(train_ds.batch(batch_size), epochs=1, verbose=0)


def prepare(ds, shuffle=False, augment=False):
  if shuffle:
    ds = ds.shuffle(1000)

  # Batch all datasets (before resizing: the resizing block was built on batches).
  ds = ds.batch(batch_size)

  # Resize and rescale all datasets.
  ds = ds.map(lambda x, y: (resize_and_rescale(x), y),
              num_parallel_calls=AUTOTUNE)

  # Use data augmentation only on the training set.
  if augment:
    ds = ds.map(lambda x, y: (data_augmentation(x, training=True), y),
                num_parallel_calls=AUTOTUNE)

  # Use buffered prefetching on all datasets.
  return ds.prefetch(buffer_size=AUTOTUNE)


train_ds = prepare(train_ds, shuffle=True, augment=True)
val_ds = prepare(val_ds)

model2 = tf.keras.Sequential([
  layers.Conv2D(16, 3, padding='same', activation='relu'),
  layers.MaxPooling2D(),
  layers.Conv2D(32, 3, padding='same', activation='relu'),
  layers.MaxPooling2D(),
  layers.Conv2D(64, 3, padding='same', activation='relu'),
  layers.MaxPooling2D(),
  layers.Flatten(),
  layers.Dense(128, activation='relu'),
  layers.Dense(num_classes)
])

model2.compile(optimizer='adam',
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])

history = model2.fit(
  train_ds,
  validation_data=val_ds,
  epochs=1, verbose=0
)
