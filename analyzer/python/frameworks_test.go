package python

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer/count"
)

// fwFacts renders every non-zero framework fact as "fw.field=COUNT@LINES"
// (tallies), "fw.field=name:count,..." (name lists) or "fw.files=N",
// sorted, so a test states the exact facts of a snippet.
func fwFacts(f *Frameworks) []string {
	out := []string{}
	if f == nil {
		return out
	}
	v := reflect.ValueOf(f).Elem()
	for i := 0; i < v.NumField(); i++ {
		sf := v.Type().Field(i)
		if !sf.IsExported() || v.Field(i).IsNil() {
			continue
		}
		fwName := strings.Split(sf.Tag.Get("json"), ",")[0]
		e := v.Field(i).Elem()
		for j := 0; j < e.NumField(); j++ {
			name := fwName + "." + strings.Split(e.Type().Field(j).Tag.Get("json"), ",")[0]
			switch x := e.Field(j).Interface().(type) {
			case int:
				out = append(out, fmt.Sprintf("%s=%d", name, x))
			case Tally:
				if x.Count == 0 {
					continue
				}
				var lines []string
				for _, ev := range x.Evidence {
					lines = append(lines, fmt.Sprint(ev.Line))
				}
				s := fmt.Sprintf("%s=%d@%s", name, x.Count, strings.Join(lines, ","))
				if x.Files > 0 {
					s += fmt.Sprintf(" files=%d", x.Files)
				}
				out = append(out, s)
			case []NameCount:
				if len(x) == 0 {
					continue
				}
				var parts []string
				for _, nc := range x {
					parts = append(parts, fmt.Sprintf("%s:%d", nc.Name, nc.Count))
				}
				out = append(out, name+"="+strings.Join(parts, ","))
			}
		}
	}
	sort.Strings(out)
	return out
}

func checkFw(t *testing.T, got *Frameworks, want []string) {
	t.Helper()
	g := fwFacts(got)
	sort.Strings(want)
	if strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Errorf("facts:\n got:\n  %s\nwant:\n  %s", strings.Join(g, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestFrameworkFacts(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string
	}{
		{
			name: "django models, views, urls and ORM", path: "blog/views.py",
			src: `from django.db import models
from django.contrib.auth.models import AbstractUser
from django.views.generic import ListView
from django.contrib.auth.decorators import login_required
from django.urls import path
from rest_framework import viewsets

class Stamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)

class User(AbstractUser):
    pass

class Post(Stamped):
    title = models.CharField(max_length=100)

class PostList(ListView):
    model = Post

class Featured(PostList):
    pass

class PostViewSet(viewsets.ModelViewSet):
    queryset = Post.objects.all()

def index(request):
    posts = Post.objects.filter(title__icontains="x").exclude(id=1)
    return Post.objects.select_related("author").get(pk=1)

@login_required
def dashboard(req):
    return None

def helper(x):
    return x.objects.count()

class Service:
    def handle(self, request):
        pass

urlpatterns = [path("", index), path("d/", dashboard)]
`,
			want: []string{
				"django.files=1",
				"django.models=3@8,11,14",
				"django.models_with_fields=2@8,14",
				"django.class_views=3@17,20,23",
				"django.function_views=2@26,31",
				"django.url_patterns=2@41,41",
				"django.orm_queries=4@24,27,28,35",
				"django.query_methods=all:1,count:1,filter:1,select_related:1",
			},
		},
		{
			name: "django migration", path: "shop/migrations/0001_initial.py",
			src: `from django.db import migrations, models

class Migration(migrations.Migration):
    initial = True
    operations = [migrations.CreateModel(name="Item", fields=[])]
`,
			want: []string{"django.files=1", "django.migrations=1@3"},
		},
		{
			name: "a Migration class outside migrations/", path: "shop/models.py",
			src:  "from django.db import migrations\nclass Migration(migrations.Migration):\n    pass\n",
			want: []string{"django.files=1"},
		},
		{
			name: "ORM query without a django import", path: "app/services.py",
			src:  "from .models import Order\n\ndef open_orders():\n    return Order.objects.filter(open=True)\n",
			want: []string{"django.files=1", "django.orm_queries=1@4", "django.query_methods=filter:1"},
		},
		{
			name: "ORM query through a models module", path: "app/services.py",
			src:  "from shop.models import Order\n\ndef open_orders():\n    return Order.objects.filter(open=True)\n",
			want: []string{"django.files=1", "django.orm_queries=1@4", "django.query_methods=filter:1"},
		},
		{
			name: "the project's own Model and BaseModel", path: "app/models.py",
			src:  "from django.db import models\nfrom core.base import Model, BaseModel\n\nclass User(Model):\n    pass\n\nclass Form(BaseModel):\n    pass\n",
			want: []string{"django.files=1"},
		},
		{
			name: "flask app, blueprint, routes and extensions", path: "app.py",
			src: `from flask import Flask, Blueprint, jsonify
from flask_sqlalchemy import SQLAlchemy
from flask_login import LoginManager
import flask_cors

app = Flask(__name__)
api = Blueprint("api", __name__)
db = SQLAlchemy(app)

@app.route("/")
def home():
    return "hi"

@api.get("/items")
def items():
    return jsonify([])

@api.post("/items")
@login_required
def create():
    return "", 201

def health():
    return "ok"

app.add_url_rule("/health", view_func=health)
`,
			want: []string{
				"flask.files=1",
				"flask.apps=1@6",
				"flask.blueprints=1@7",
				"flask.routes=4@11,15,20,26",
				"flask.extensions=flask_cors:1,flask_login:1,flask_sqlalchemy:1",
			},
		},
		{
			name: "fastapi routes, routers, depends and pydantic", path: "main.py",
			src: `from fastapi import FastAPI, APIRouter, Depends
from pydantic import BaseModel

app = FastAPI()
router = APIRouter(prefix="/users")

class UserIn(BaseModel):
    name: str

class UserOut(UserIn):
    id: int

def get_db():
    yield None

@router.get("/{uid}")
async def read_user(uid: int, db=Depends(get_db)) -> UserOut:
    return UserOut(id=uid, name="x")

@app.post("/users")
def create(user: UserIn, db=Depends(get_db)):
    return user

@app.websocket("/ws")
async def ws(socket):
    pass

app.include_router(router)
`,
			want: []string{
				"fastapi.files=1",
				"fastapi.apps=1@4",
				"fastapi.routers=1@5",
				"fastapi.routes=3@17,21,25",
				"fastapi.depends=2@17,21",
				"fastapi.injected_routes=2@17,21",
			},
		},
		{
			name: "numpy vectorised versus loops", path: "vec.py",
			src: `import numpy as np
from numpy import linalg as la, zeros

a = np.array([1.0, 2.0, 3.0])
b = zeros(3)
m = np.random.rand(3, 3).reshape(3, 3)
names = ["x", "y"]

c = np.dot(a, b) + np.sum(a)
n = la.norm(a)

for i in range(len(a)):
    b[i] = a[i] * 2

for i in range(m.shape[0]):
    for j in range(3):
        m[i, j] = 0

for row in m:
    print(row)

for k in range(10):
    print(names[k])

for name in names:
    print(name)
`,
			want: []string{
				"numpy.files=1",
				"numpy.array_creation=3@4,5,6",
				"numpy.vectorized=3@9,9,10",
				"numpy.python_loops=4@12,15,16,19",
				"numpy.element_loops=3@12,15,16",
				"numpy.functions=array:1,dot:1,linalg.norm:1,random.rand:1,sum:1,zeros:1",
			},
		},
		{
			name: "pandas", path: "etl.py",
			src: `import pandas as pd

df = pd.read_csv("in.csv")
extra = pd.read_parquet("x.parquet")
s = pd.Series([1, 2])
out = pd.DataFrame({"a": [1]})
g = df.groupby("k").agg("sum")
j = df.merge(extra, on="k")
both = pd.concat([df, extra])
p = df.pivot_table(index="a", values="b")
df["c"] = df["a"].apply(lambda x: x * 2)
df["d"] = df["a"].apply(str)
for idx, row in df.iterrows():
    print(row)
", ".join(["a", "b"])
`,
			want: []string{
				"pandas.files=1",
				"pandas.dataframes=2@5,6",
				"pandas.io=2@3,4",
				"pandas.readers=read_csv:1,read_parquet:1",
				"pandas.groupby=1@7",
				"pandas.merge=2@8,9",
				"pandas.pivot=1@10",
				"pandas.apply_lambda=1@11",
				"pandas.iterrows=1@13",
			},
		},
		{
			name: "scikit-learn", path: "train.py",
			src: `from sklearn.model_selection import train_test_split, GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
from sklearn import metrics

X_train, X_test, y_train, y_test = train_test_split(X, y)
pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=200))
search = GridSearchCV(pipe, {"logisticregression__C": [1, 10]})
search.fit(X_train, y_train)
pred = search.predict(X_test)
print(metrics.accuracy_score(y_test, pred))
Z = StandardScaler().fit_transform(X)
`,
			want: []string{
				"sklearn.files=1",
				"sklearn.train_test_split=1@7",
				"sklearn.trained=2@10,13",
				"sklearn.pipelines=1@8",
				"sklearn.estimators=3@8,8,13",
				"sklearn.estimator_names=StandardScaler:2,LogisticRegression:1",
				"sklearn.model_selection=1@9",
				"sklearn.fit=2@10,13",
				"sklearn.predict=1@11",
				"sklearn.transform=1@13",
				"sklearn.metrics=1@12",
			},
		},
		{
			name: "tensorflow and keras", path: "model.py",
			src: `import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.layers import Dense

class Residual(layers.Layer):
    def call(self, x):
        return x

class Net(keras.Model):
    def call(self, x):
        return x

class Deeper(Net):
    pass

model = keras.Sequential([layers.Conv2D(8, 3), layers.Flatten(), Dense(10)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=3)
opt = tf.keras.optimizers.Adam()
for epoch in range(3):
    for xb, yb in data:
        with tf.GradientTape() as tape:
            loss = model(xb)
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
`,
			want: []string{
				"tensorflow.files=1",
				"tensorflow.layer_classes=1@6",
				"tensorflow.model_classes=2@10,14",
				"tensorflow.sequential=1@17",
				"tensorflow.layers=3@17,17,17",
				"tensorflow.layer_types=Conv2D:1,Dense:1,Flatten:1",
				"tensorflow.compile=1@18",
				"tensorflow.fit=1@19",
				"tensorflow.gradient_tape=1@23",
				"tensorflow.training_loops=1@22",
			},
		},
		{
			name: "pytorch", path: "net.py",
			src: `import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from torch import optim

class Block(nn.Module):
    def forward(self, x):
        return x

class Res(Block):
    pass

class Pairs(Dataset):
    def __len__(self):
        return 0

model = Block()
loader = DataLoader(Pairs(), batch_size=8)
opt = optim.AdamW(model.parameters())
sched = torch.optim.lr_scheduler.StepLR(opt, 10)
for epoch in range(5):
    for xb, yb in loader:
        opt.zero_grad()
        loss = model(xb).sum()
        loss.backward()
        opt.step()
    sched.step()
`,
			want: []string{
				"pytorch.files=1",
				"pytorch.modules=2@6,10",
				"pytorch.forward=1@6",
				"pytorch.datasets=1@13",
				"pytorch.dataloaders=1@18",
				"pytorch.optimizers=1@19",
				"pytorch.optimizer_names=AdamW:1",
				"pytorch.training_loops=1@22",
			},
		},
		{
			name: "scipy", path: "fit.py",
			src: `import scipy.stats
from scipy import optimize, linalg as sla
from scipy.signal import butter

res = optimize.minimize(f, x0)
p = scipy.stats.ttest_ind(a, b)
b, a = butter(4, 0.1)
`,
			want: []string{
				"scipy.files=1",
				"scipy.calls=3@5,6,7",
				"scipy.modules=linalg:1,optimize:1,signal:1,stats:1",
			},
		},
		{
			name: "names not imported are not frameworks", path: "plain.py",
			src: `import json
np = make()
np.zeros(3)
model.fit(x)
def index(request):
    pass
`,
			want: []string{},
		},
	}
	a := newTestAnalyzer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ff, err := a.AnalyzeFile(tt.path, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			checkFw(t, ff.Frameworks, tt.want)
		})
	}
}

func TestFrameworksNilWithoutUse(t *testing.T) {
	a := newTestAnalyzer(t)
	for _, src := range []string{"import os\nprint(os.sep)\n", "x = 1\n", "class Cfg:\n    objects = []\nCfg.objects.append(1)\n",
		// X.objects.get(...) without Django: Blender's scene objects, a
		// class of a module that is not a models module.
		"import bpy\ncube = bpy.data.objects.get('Cube')\n",
		"from game.world import Scene\nScene.objects.filter(alive=True)\n",
		"def f(scene):\n    return scene.objects.all()\n"} {
		ff := analyzeString(t, a, src)
		if ff.Frameworks != nil {
			t.Errorf("%q: Frameworks = %+v", src, fwFacts(ff.Frameworks))
		}
	}
}

func TestFrameworksNotebookAliases(t *testing.T) {
	nb := `{"cells": [
 {"cell_type": "code", "source": ["import numpy as np\n"]},
 {"cell_type": "markdown", "source": ["text"]},
 {"cell_type": "code", "source": ["x = np.zeros(3)\n", "for i in range(len(x)):\n", "    x[i] += 1\n"]}
], "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}`
	a := newTestAnalyzer(t)
	ff, err := a.AnalyzeNotebook("nb.ipynb", []byte(nb))
	if err != nil {
		t.Fatal(err)
	}
	checkFw(t, ff.Frameworks, []string{
		"numpy.files=1",
		"numpy.array_creation=1@1",
		"numpy.python_loops=1@2",
		"numpy.element_loops=1@2",
		"numpy.functions=zeros:1",
	})
	if ev := ff.Frameworks.NumPy.PythonLoops.Evidence[0]; ev.Cell != 3 {
		t.Errorf("evidence cell %d, want 3", ev.Cell)
	}
}

func TestFrameworksRepoSummary(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		"api/main.py":    "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/')\ndef root():\n    return {}\n",
		"api/schemas.py": "from pydantic import BaseModel\nclass Item(BaseModel):\n    name: str\nclass Big(Item):\n    size: int\n",
		"ml/a.py":        "import numpy as np\nnp.zeros(2)\nnp.sum([1])\n",
		"ml/b.py":        "import numpy\nnumpy.zeros(3)\n",
		"cli.py":         "import sys\n",
	})
	checkFw(t, rf.Frameworks, []string{
		"fastapi.files=1",
		"fastapi.apps=1@2 files=1",
		"fastapi.routes=1@4 files=1",
		"fastapi.pydantic_models=2@2,4 files=1",
		"numpy.files=2",
		"numpy.array_creation=2@2,2 files=2",
		"numpy.vectorized=1@3 files=1",
		"numpy.functions=zeros:2,sum:1",
	})
	// Pydantic alone is not FastAPI.
	rf = analyzeRepo(t, map[string]string{
		"schemas.py": "from pydantic import BaseModel\nclass Item(BaseModel):\n    pass\n",
	})
	if rf.Frameworks != nil {
		t.Errorf("frameworks without a framework: %v", fwFacts(rf.Frameworks))
	}
}

func TestLibraryModules(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		"a.py": "from google.cloud import storage, bigquery\nimport google.protobuf.json_format\nfrom sklearn.model_selection import train_test_split\nimport requests\n",
		"b.py": "from google.cloud.storage import Client\nfrom azure.storage.blob import BlobServiceClient\nfrom google import genai\n",
	})
	got := map[string][]string{}
	for _, l := range rf.Libraries {
		for _, m := range l.Modules {
			got[l.Import] = append(got[l.Import], fmt.Sprintf("%s:%d@%s:%d", m.Module, m.Files, m.Evidence.Path, m.Evidence.Line))
		}
	}
	want := map[string][]string{
		"google": {"google.cloud.storage:2@a.py:1", "google.cloud.bigquery:1@a.py:1", "google.genai:1@b.py:3",
			"google.protobuf.json_format:1@a.py:2"},
		"sklearn": {"sklearn.model_selection.train_test_split:1@a.py:3"},
		"azure":   {"azure.storage.blob:1@b.py:2"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("modules:\n got %v\nwant %v", got, want)
	}
}

// BenchmarkFrameworkPass measures the framework pass against the whole
// walk (which includes it) over the corpus, parsed once.
func BenchmarkFrameworkPass(b *testing.B) {
	srcs, paths, total := loadCorpus(b)
	a, err := NewAnalyzer(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	type parsed struct {
		src   []byte
		path  string
		nodes []node
		ff    *FileFacts
	}
	var files []parsed
	for j, src := range srcs {
		nodes, err := a.cst.parse(src, 0)
		if err != nil {
			b.Fatal(err)
		}
		pf := parsed{src: src, path: paths[j], nodes: append([]node(nil), nodes...), ff: newFileFacts(paths[j])}
		w := &walker{src: pf.src, nodes: pf.nodes, ff: pf.ff, path: pf.path}
		w.walk() // fills the imports the framework pass reads
		files = append(files, pf)
	}
	run := func(b *testing.B, pass func(w *walker)) {
		b.SetBytes(total)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for _, f := range files {
				ff := newFileFacts(f.path)
				ff.Imports = f.ff.Imports
				w := &walker{src: f.src, nodes: f.nodes, ff: ff, path: f.path}
				pass(w)
			}
		}
	}
	b.Run("walk", func(b *testing.B) { run(b, func(w *walker) { w.ff.Imports = nil; w.walk() }) })
	b.Run("frameworks", func(b *testing.B) { run(b, (*walker).frameworkFacts) })
}

// FuzzFrameworks runs the analysis on framework-shaped input and checks
// that the framework facts stay consistent: counts cover their evidence,
// evidence points into the file, aggregation keeps the counts.
func FuzzFrameworks(f *testing.F) {
	for _, s := range []string{
		"from django.db import models\nclass A(models.Model):\n    pass\nA.objects.filter(x=1)\n",
		"import numpy as np\na = np.zeros(3)\nfor i in range(len(a)):\n    a[i] = i\n",
		"import pandas as pd\ndf = pd.read_csv('x')\nfor i, r in df.iterrows():\n    df.apply(lambda x: x)\n",
		"import torch\nfrom torch import nn, optim\nclass M(nn.Module):\n    def forward(self, x): return x\nwhile True:\n    l.backward()\n    o.step()\n",
		"from fastapi import FastAPI, Depends\napp = FastAPI()\n@app.get('/')\ndef r(d=Depends(f)): pass\n",
		"from flask import Flask\napp = Flask(__name__)\n@app.route('/')\ndef h(): pass\n",
		"from tensorflow import keras\nfrom tensorflow.keras import layers\nm = keras.Sequential([layers.Dense(1)])\nm.compile()\n",
		"from sklearn.pipeline import make_pipeline\nmake_pipeline().fit(X).predict(X)\n",
		"import numpy as np\nfor (i, j) in x:\n    a[i][j] = np.array(\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		a, unlock := sharedFuzzAnalyzer()
		defer unlock()
		ff, err := a.AnalyzeFile("app/migrations/0001.py", src)
		if err != nil {
			return
		}
		lines := count.Lines(src) + 1
		if ff.Frameworks == nil {
			return
		}
		eachTally(ff.Frameworks, func(tl *Tally) {
			if tl.Count < len(tl.Evidence) || len(tl.Evidence) > MaxEvidencePerFile {
				t.Fatalf("tally %+v", tl)
			}
			for _, ev := range tl.Evidence {
				if ev.Line < 1 || ev.EndLine < ev.Line || ev.Line > lines {
					t.Fatalf("evidence %+v outside 1..%d", ev, lines)
				}
			}
		})
		rf := AggregateRepo([]*FileFacts{ff}, RepoLayout{Files: []string{"app/migrations/0001.py"}})
		if got, want := fwFacts(rf.Frameworks), fwFacts(ff.Frameworks); len(got) != len(want) {
			t.Fatalf("aggregate %v, file %v", got, want)
		}
	})
}

func TestFrameworkNameListsAreBoundedPerFile(t *testing.T) {
	a := newTestAnalyzer(t)
	var b strings.Builder
	b.WriteString("import numpy as np\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "np.f%d()\n", i)
	}
	// The near miss: a name already listed keeps counting past the bound.
	b.WriteString("np.f0()\n")
	ff, err := a.AnalyzeFile("m.py", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	np := ff.Frameworks.NumPy
	if len(np.Functions) != maxFileNames || np.Vectorized.Count != 3001 {
		t.Fatalf("%d names listed, %d calls counted; want %d and 3001", len(np.Functions), np.Vectorized.Count, maxFileNames)
	}
	f0 := 0
	for _, nc := range np.Functions {
		if nc.Name == "f0" {
			f0 = nc.Count
		}
	}
	if f0 != 2 {
		t.Errorf("f0 counted %d times, want 2", f0)
	}
}
