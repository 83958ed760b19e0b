# In the style of Hands-On Machine Learning (Geron, 3rd ed.), chapter 13
# "Putting Everything Together" / "Using the Dataset with Keras" (tf.data CSV pipeline, Normalization)
# (github.com/ageron/handson-ml3, 13_loading_and_preprocessing_data.ipynb)
# The California-housing CSV files are replaced by small random CSV files of 8 features + target.
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(42)
train_filepaths = []
for file_idx in range(3):
    path = f"my_train_{file_idx:02d}.csv"
    rows = rng.random((40, 9))
    np.savetxt(path, rows, delimiter=",", fmt="%.4f",
               header="MedInc,HouseAge,AveRooms,AveBedrms,Population,AveOccup,Latitude,Longitude,MedianHouseValue",
               comments="")
    train_filepaths.append(path)

X_train = rng.random((100, 8))
X_mean, X_std = X_train.mean(axis=0), X_train.std(axis=0)
n_inputs = 8


def parse_csv_line(line):
    defs = [0.] * n_inputs + [tf.constant([], dtype=tf.float32)]
    fields = tf.io.decode_csv(line, record_defaults=defs)
    return tf.stack(fields[:-1]), tf.stack(fields[-1:])


def preprocess(line):
    x, y = parse_csv_line(line)
    return (x - X_mean) / X_std, y


def csv_reader_dataset(filepaths, n_readers=5, n_read_threads=None,
                       n_parse_threads=5, shuffle_buffer_size=10_000, seed=42,
                       batch_size=32):
    dataset = tf.data.Dataset.list_files(filepaths, seed=seed)
    dataset = dataset.interleave(
        lambda filepath: tf.data.TextLineDataset(filepath).skip(1),
        cycle_length=n_readers, num_parallel_calls=n_read_threads)
    dataset = dataset.map(preprocess, num_parallel_calls=n_parse_threads)
    dataset = dataset.shuffle(shuffle_buffer_size, seed=seed)
    return dataset.batch(batch_size).prefetch(1)


train_set = csv_reader_dataset(train_filepaths)
valid_set = csv_reader_dataset(train_filepaths[:1])

tf.random.set_seed(42)
model = tf.keras.Sequential([
    tf.keras.layers.Dense(30, activation="relu", kernel_initializer="he_normal",
                          input_shape=X_train.shape[1:]),
    tf.keras.layers.Dense(1),
])
model.compile(loss="mse", optimizer="sgd")
model.fit(train_set, validation_data=valid_set, epochs=1, verbose=0)

norm_layer = tf.keras.layers.Normalization()
model = tf.keras.models.Sequential([
    norm_layer,
    tf.keras.layers.Dense(1)
])
model.compile(loss="mse", optimizer=tf.keras.optimizers.SGD(learning_rate=2e-3))
norm_layer.adapt(X_train)
model.fit(X_train, rng.random(100), epochs=1, verbose=0)
