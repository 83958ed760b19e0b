# values: a frame built from named columns, a label popped, columns dropped and selected, scaled.
# In the style of the TensorFlow "Classify structured data" tutorial and Hands-On ML 3rd ed. ch. 2
# (housing); data replaced by small random arrays of the real shapes.
import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, MinMaxScaler, StandardScaler

rng = np.random.default_rng(7)
n = 50
numeric = ["longitude", "latitude", "housing_median_age", "total_rooms", "population", "median_income"]
data = {name: rng.normal(size=n) for name in numeric}
data["ocean_proximity"] = rng.integers(0, 5, size=n)
data["median_house_value"] = rng.uniform(1e4, 5e5, size=n)
housing = pd.DataFrame(data)
target = housing.pop("median_house_value")
housing = housing.drop(columns=["ocean_proximity"])
subset = housing[["median_income", "housing_median_age"]]
first_four = housing.iloc[:, :4]
all_but_last = housing.iloc[:, :-1].to_numpy()
n_rows = len(housing)

x_train, x_test, y_train, y_test = train_test_split(housing, target, test_size=0.2, random_state=42)
scaler = StandardScaler()
x_train_scaled = scaler.fit_transform(x_train)
x_test_scaled = scaler.transform(x_test)
small = MinMaxScaler().fit_transform(subset.values)
codes = LabelEncoder().fit_transform(data["ocean_proximity"])

model = keras.Sequential([
    keras.Input(shape=x_train_scaled.shape[1:]),
    layers.Dense(30, activation="relu"),
    layers.Dense(1),
])
model.compile(loss="mse", optimizer="sgd")
model.fit(x_train_scaled, y_train.values, epochs=1, verbose=0, validation_data=(x_test_scaled, y_test.values))

wide = keras.Sequential([keras.Input(shape=(first_four.shape[1],)), layers.Dense(small.shape[1])])
wide.compile(loss="mse")
wide.fit(first_four.values, small, epochs=1, verbose=0)

frame = pd.DataFrame(rng.normal(size=(30, 5)), columns=[f"sensor_{i}" for i in range(5)])
frame["label"] = rng.integers(0, 2, size=30)
feats = frame.drop("label", axis=1).values
flags = frame["label"].values
clf = keras.Sequential([keras.Input(shape=(feats.shape[1],)), layers.Dense(1, activation="sigmoid")])
clf.compile(loss="binary_crossentropy")
clf.fit(feats, flags, epochs=1, verbose=0)

extra_cols = pd.DataFrame({"rooms_per_person": rng.normal(size=n), "income_sq": rng.normal(size=n)})
joined = pd.concat([housing, extra_cols], axis=1)
stacked_rows = pd.concat([housing, housing])
joined_model = keras.Sequential([keras.Input(shape=(joined.shape[1],)), layers.Dense(1)])
joined_model.compile(loss="mse")
joined_model.fit(joined.values, target.values, epochs=1, verbose=0)

frame_model = keras.Sequential([keras.Input(shape=(5,)), layers.Dense(3, activation="softmax")])
frame_model.compile(loss="categorical_crossentropy")
frame_model.fit(frame.drop(columns=["label"]), keras.utils.to_categorical(frame["label"], 3), epochs=1, verbose=0,
                validation_data=(frame.drop(columns=["label"]), keras.utils.to_categorical(frame.pop("label"), 3)))
