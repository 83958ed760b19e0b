# In the style of Hands-On Machine Learning (Geron, 3rd ed.), chapter 15
# "Forecasting Using a Simple RNN / Deep RNN / Sequence-to-sequence" on the Chicago ridership series
# (github.com/ageron/handson-ml3, 15_processing_sequences_using_rnns_and_cnns.ipynb)
# The ridership CSV is replaced by a random DataFrame with the same columns.
import numpy as np
import pandas as pd
import tensorflow as tf

rng = np.random.default_rng(42)
df = pd.DataFrame({"bus": rng.random(300), "rail": rng.random(300),
                   "next_day_type_A": rng.integers(0, 2, size=300)})

rail_train = df["rail"][:200]
rail_valid = df["rail"][200:]

seq_length = 56
tf.random.set_seed(42)
train_ds = tf.keras.utils.timeseries_dataset_from_array(
    rail_train.to_numpy(),
    targets=rail_train[seq_length:],
    sequence_length=seq_length,
    batch_size=32,
    shuffle=True,
    seed=42
)
valid_ds = tf.keras.utils.timeseries_dataset_from_array(
    rail_valid.to_numpy(),
    targets=rail_valid[seq_length:],
    sequence_length=seq_length,
    batch_size=32
)


def fit_and_evaluate(model, train_set, valid_set, learning_rate, epochs=1):
    early_stopping_cb = tf.keras.callbacks.EarlyStopping(
        monitor="val_mae", patience=50, restore_best_weights=True)
    opt = tf.keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)
    model.compile(loss=tf.keras.losses.Huber(), optimizer=opt, metrics=["mae"])
    history = model.fit(train_set, validation_data=valid_set, epochs=epochs,
                        callbacks=[early_stopping_cb], verbose=0)
    valid_loss, valid_mae = model.evaluate(valid_set, verbose=0)
    return valid_mae * 1e6


tf.random.set_seed(42)
model = tf.keras.Sequential([
    tf.keras.layers.Dense(1, input_shape=[seq_length])
])
fit_and_evaluate(model, train_ds, valid_ds, learning_rate=0.02)

univar_model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(32, input_shape=[None, 1]),
    tf.keras.layers.Dense(1)  # no activation function by default
])
# timeseries_dataset_from_array on a 1-D series gives windows of shape (seq_length,): add an axis
train_ds_3d = train_ds.map(lambda X, y: (tf.expand_dims(X, -1), y))
valid_ds_3d = valid_ds.map(lambda X, y: (tf.expand_dims(X, -1), y))
fit_and_evaluate(univar_model, train_ds_3d, valid_ds_3d, learning_rate=0.05)

deep_model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(32, return_sequences=True, input_shape=[None, 1]),
    tf.keras.layers.SimpleRNN(32, return_sequences=True),
    tf.keras.layers.SimpleRNN(32),
    tf.keras.layers.Dense(1)
])
fit_and_evaluate(deep_model, train_ds_3d, valid_ds_3d, learning_rate=0.01)

df_mulvar = df[["bus", "rail"]] / 1e6
df_mulvar["next_day_type_A"] = df["next_day_type_A"]
mulvar_train = df_mulvar[:200]
mulvar_valid = df_mulvar[200:]

tf.random.set_seed(42)
train_mulvar_ds = tf.keras.utils.timeseries_dataset_from_array(
    mulvar_train.to_numpy(),
    targets=mulvar_train["rail"][seq_length:],
    sequence_length=seq_length,
    batch_size=32,
    shuffle=True,
    seed=42
)
valid_mulvar_ds = tf.keras.utils.timeseries_dataset_from_array(
    mulvar_valid.to_numpy(),
    targets=mulvar_valid["rail"][seq_length:],
    sequence_length=seq_length,
    batch_size=32
)

tf.random.set_seed(42)
mulvar_model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(32, input_shape=[None, 3]),
    tf.keras.layers.Dense(1)
])
fit_and_evaluate(mulvar_model, train_mulvar_ds, valid_mulvar_ds, learning_rate=0.05)

conv_rnn_model = tf.keras.Sequential([
    tf.keras.layers.Conv1D(filters=32, kernel_size=4, strides=2,
                           activation="relu", input_shape=[None, 3]),
    tf.keras.layers.GRU(32, return_sequences=True),
    tf.keras.layers.Dense(14)
])
X_batch = np.random.rand(4, seq_length, 3).astype(np.float32)
Y_batch = conv_rnn_model(X_batch)
print(Y_batch.shape)
