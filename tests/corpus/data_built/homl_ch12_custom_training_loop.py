# In the style of Hands-On Machine Learning (Geron, 3rd ed.), chapter 12
# "Custom Layers" (a layer that subclasses a Keras layer) and "Custom Training Loops": a model
# without input built by its first call inside the loop (github.com/ageron/handson-ml3,
# 12_custom_models_and_training_with_tensorflow.ipynb). Our own code; fetch_california_housing()
# downloads, so random arrays of its shape (n, 8) stand in for it.
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(42)
X_train = rng.random((4200, 8)).astype(np.float32)
y_train = rng.random((4200, 1)).astype(np.float32)


class ScaledDense(tf.keras.layers.Dense):
    """A Dense layer whose output is scaled by a constant."""

    def __init__(self, units, scale=0.5, **kwargs):
        super().__init__(units, activation="relu", kernel_initializer="he_normal")
        self.scale = scale

    def call(self, inputs):
        return super().call(inputs) * self.scale


class MyGaussianNoise(tf.keras.layers.GaussianNoise):
    pass


class MaxNormDense(tf.keras.layers.Dense):
    """A Dense layer whose kernel columns are scaled down to a norm of at most 1 in call()."""

    def call(self, inputs):
        kernel = self.kernel / tf.maximum(tf.norm(self.kernel, axis=0), 1.0)
        return self.activation(tf.matmul(inputs, kernel) + self.bias)


def random_batch(X, y, batch_size=32):
    idx = np.random.randint(len(X), size=batch_size)
    return X[idx], y[idx]


tf.keras.utils.set_random_seed(42)
l2_reg = tf.keras.regularizers.l2(0.05)
model = tf.keras.models.Sequential([
    MyGaussianNoise(0.1),
    ScaledDense(30),
    MaxNormDense(10, activation="relu"),
    tf.keras.layers.Dense(1, kernel_regularizer=l2_reg),
])

n_epochs = 1
batch_size = 32
n_steps = len(X_train) // batch_size
optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)
loss_fn = tf.keras.losses.MeanSquaredError()
mean_loss = tf.keras.metrics.Mean()

for epoch in range(1, n_epochs + 1):
    for step in range(1, n_steps + 1):
        X_batch, y_batch = random_batch(X_train, y_train)
        with tf.GradientTape() as tape:
            y_pred = model(X_batch, training=True)
            main_loss = tf.reduce_mean(loss_fn(y_batch, y_pred))
            loss = tf.add_n([main_loss] + model.losses)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        mean_loss(loss)
    mean_loss.reset_state()
