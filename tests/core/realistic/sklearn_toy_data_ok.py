# values: sklearn's toy datasets and generators feeding small classifiers, with one-hot labels.
# In the style of the classic "Iris with Keras" tutorials and Hands-On ML 3rd ed. ch. 10 (moons).
import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.datasets import load_digits, load_iris, make_classification, make_moons
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import OneHotEncoder, StandardScaler

iris = load_iris()
X = iris.data
y = iris.target
frame = pd.DataFrame(iris.data, columns=iris.feature_names)
encoder = OneHotEncoder(sparse_output=False, categories=[[0, 1, 2]])
y_onehot = encoder.fit_transform(y.reshape(-1, 1))
X_train, X_test, y_train, y_test = train_test_split(StandardScaler().fit_transform(X), y_onehot, test_size=0.3)

iris_model = keras.Sequential([
    keras.Input(shape=(X.shape[1],)),
    layers.Dense(10, activation="relu"),
    layers.Dense(y_onehot.shape[1], activation="softmax"),
])
iris_model.compile(optimizer="adam", loss="categorical_crossentropy")
iris_model.fit(X_train, y_train, epochs=1, verbose=0, validation_data=(X_test, y_test))

X_moons, y_moons = make_moons(n_samples=64, noise=0.1)
moons = keras.Sequential([keras.Input(shape=X_moons.shape[1:]), layers.Dense(8, activation="relu"),
                          layers.Dense(1, activation="sigmoid")])
moons.compile(loss="binary_crossentropy")
moons.fit(X_moons, y_moons, epochs=1, verbose=0)

Xc, yc = make_classification(n_samples=60, n_features=6, n_informative=3, n_classes=3)
digits_x, digits_y = load_digits(return_X_y=True)
images = load_digits().images[..., np.newaxis]
cnn = keras.Sequential([keras.Input(shape=images.shape[1:]), layers.Conv2D(4, 3), layers.Flatten(),
                        layers.Dense(10, activation="softmax")])
cnn.compile(loss="sparse_categorical_crossentropy")
cnn.fit(images[:32], digits_y[:32], epochs=1, verbose=0)
