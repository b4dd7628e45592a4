"""Softmax as a numerical definition: the example `nxc dump` and `make demo` use."""
import nx


@nx.defn
def softmax(x):
    e = nx.exp(x - nx.reduce_max(x))
    return e / nx.sum(e)


if __name__ == "__main__":
    print(softmax(nx.tensor([1.0, 2.0, 3.0, 4.0])))
