# In the style of "Custom training with tf.distribute.Strategy" and the TF quickstart for experts
# (a model without an input built by its first call inside @tf.function train/eval steps, run
# over tf.data batches)
# https://www.tensorflow.org/tutorials/distribute/custom_training
# (site/en/tutorials/distribute/custom_training.ipynb)
# Fashion-MNIST is replaced by small random arrays of its shapes; no distribution strategy.
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
train_images = rng.integers(0, 255, size=(96, 28, 28)).astype("uint8")
train_labels = rng.integers(0, 10, size=96)
test_images = rng.integers(0, 255, size=(40, 28, 28)).astype("uint8")
test_labels = rng.integers(0, 10, size=40)

# Add a dimension to the array -> new shape == (28, 28, 1)
train_images = train_images[..., None]
test_images = test_images[..., None]
train_images = train_images / np.float32(255)
test_images = test_images / np.float32(255)

BATCH_SIZE = 32
train_dataset = tf.data.Dataset.from_tensor_slices((train_images, train_labels)).shuffle(96).batch(BATCH_SIZE)
test_dataset = tf.data.Dataset.from_tensor_slices((test_images, test_labels)).batch(BATCH_SIZE)


def create_model():
  regularizer = tf.keras.regularizers.L2(1e-5)
  model = tf.keras.Sequential([
      tf.keras.layers.Conv2D(8, 3, activation='relu', kernel_regularizer=regularizer),
      tf.keras.layers.MaxPooling2D(),
      tf.keras.layers.Conv2D(16, 3, activation='relu', kernel_regularizer=regularizer),
      tf.keras.layers.MaxPooling2D(),
      tf.keras.layers.Flatten(),
      tf.keras.layers.Dense(32, activation='relu', kernel_regularizer=regularizer),
      tf.keras.layers.Dense(10, kernel_regularizer=regularizer)
  ])
  return model


loss_object = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
model = create_model()
optimizer = tf.keras.optimizers.Adam(learning_rate=0.001)
train_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name='train_accuracy')


@tf.function
def train_step(images, labels):
  with tf.GradientTape() as tape:
    predictions = model(images, training=True)
    loss = loss_object(labels, predictions)
  gradients = tape.gradient(loss, model.trainable_variables)
  optimizer.apply_gradients(zip(gradients, model.trainable_variables))
  train_accuracy.update_state(labels, predictions)
  return loss


for epoch in range(1):
  for images, labels in train_dataset:
    train_step(images, labels)

eval_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name='eval_accuracy')
new_model = create_model()


@tf.function
def eval_step(images, labels):
  predictions = new_model(images, training=False)
  eval_accuracy(labels, predictions)


for images, labels in test_dataset:
  eval_step(images, labels)
print('Accuracy: {}'.format(eval_accuracy.result() * 100))
