# In the style of "Load a pandas DataFrame"
# https://www.tensorflow.org/tutorials/load_data/pandas_dataframe (site/en/tutorials/load_data/pandas_dataframe.ipynb)
# The heart-disease CSV is replaced by a random DataFrame with the same columns.
import numpy as np
import pandas as pd
import tensorflow as tf

rng = np.random.default_rng(0)
n = 64
df = pd.DataFrame({
    'age': rng.integers(29, 77, size=n), 'sex': rng.integers(0, 2, size=n),
    'cp': rng.integers(0, 5, size=n), 'trestbps': rng.integers(94, 200, size=n),
    'chol': rng.integers(126, 564, size=n), 'fbs': rng.integers(0, 2, size=n),
    'restecg': rng.integers(0, 3, size=n), 'thalach': rng.integers(71, 202, size=n),
    'exang': rng.integers(0, 2, size=n), 'oldpeak': rng.random(n) * 6,
    'slope': rng.integers(1, 4, size=n), 'ca': rng.integers(0, 4, size=n),
    'thal': rng.choice(['normal', 'fixed', 'reversible'], size=n),
    'target': rng.integers(0, 2, size=n),
})

target = df.pop('target')

numeric_feature_names = ['age', 'thalach', 'trestbps', 'chol', 'oldpeak']
numeric_features = df[numeric_feature_names]
numeric_features.head()

tf.convert_to_tensor(numeric_features)

normalizer = tf.keras.layers.Normalization(axis=-1)
normalizer.adapt(np.array(numeric_features))
normalizer(numeric_features.iloc[:3])


def get_basic_model():
  model = tf.keras.Sequential([
    normalizer,
    tf.keras.layers.Dense(10, activation='relu'),
    tf.keras.layers.Dense(10, activation='relu'),
    tf.keras.layers.Dense(1)
  ])

  model.compile(optimizer='adam',
                loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                metrics=['accuracy'])
  return model


model = get_basic_model()
model.fit(numeric_features, target, epochs=1, batch_size=16, verbose=0)

numeric_dataset = tf.data.Dataset.from_tensor_slices((numeric_features, target))

for row in numeric_dataset.take(3):
  print(row)

numeric_batches = numeric_dataset.shuffle(1000).batch(16)

model = get_basic_model()
model.fit(numeric_batches, epochs=1, verbose=0)
