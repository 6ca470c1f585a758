import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader


class Block(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, 3, padding=1)
        self.bn = nn.BatchNorm2d(c_out)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class ResidualBlock(Block):
    def forward(self, x):
        return x + super().forward(x)


class Net(nn.Module):
    def __init__(self, classes=10):
        super(Net, self).__init__()
        self.features = nn.Sequential(Block(3, 32), ResidualBlock(32, 32), nn.MaxPool2d(2))
        self.head = nn.Linear(32 * 16 * 16, classes)

    def forward(self, x):
        return self.head(torch.flatten(self.features(x), 1))


class Pairs(Dataset):
    def __init__(self, xs, ys):
        assert len(xs) == len(ys)
        self.xs, self.ys = xs, ys

    def __len__(self):
        return len(self.xs)

    def __getitem__(self, i):
        return self.xs[i], self.ys[i]


def train_epoch(model, loader: DataLoader, opt, device="cpu"):
    model.train()
    total = 0.0
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        opt.zero_grad()
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    return total / len(loader.dataset)


@torch.no_grad()
def accuracy(model, loader):
    model.eval()
    correct = sum((model(x).argmax(1) == y).sum().item() for x, y in loader)
    return correct / len(loader.dataset)
