package python

import (
	"fmt"
	"strings"
	"testing"
)

// TestPremiseFacts checks the facts that premise-checked questions rest
// on (a vectorisation question needs an element-wise loop over an array,
// a scikit-learn question a fitted estimator, an ORM question models with
// fields, a dependency-injection question a route that injects), each
// beside the near-miss that must stay quiet.
func TestPremiseFacts(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string
	}{
		{
			name: "element-wise loops over arrays", path: "loops.py",
			src: `import numpy as np

x = np.linspace(0, 1, 10)
total = 0.0
for i in range(len(x)):
    total += x[i]
out = []
for v in x:
    out.append(v * 2)
`,
			want: []string{
				"numpy.files=1",
				"numpy.array_creation=1@3",
				"numpy.functions=linspace:1",
				"numpy.python_loops=2@5,8",
				"numpy.element_loops=2@5,8",
			},
		},
		{
			// The near-miss: numpy is imported and used, but the loops go
			// over plain lists, and a loop over an array only prints.
			name: "loops over plain lists stay quiet", path: "lists.py",
			src: `import numpy as np

xs = [1, 2, 3]
total = 0
for i in range(len(xs)):
    total += xs[i]
a = np.zeros(3)
for row in a:
    print(row)
`,
			want: []string{
				"numpy.files=1",
				"numpy.array_creation=1@7",
				"numpy.functions=zeros:1",
				"numpy.python_loops=2@5,8",
			},
		},
		{
			name: "numpy imported only", path: "imp.py",
			src:  "import numpy as np\n\nfor i in range(3):\n    print(i)\n",
			want: []string{"numpy.files=1"},
		},
		{
			// fit() on the candidate's own class is not scikit-learn
			// training, even in a file that imports sklearn.
			name: "fit on a non-sklearn object", path: "own.py",
			src: `from sklearn.metrics import accuracy_score

class MyModel:
    def fit(self, X, y):
        return self

model = MyModel()
model.fit(X, y)
print(accuracy_score(y, model.predict(X)))
`,
			want: []string{
				"sklearn.files=1",
				"sklearn.fit=1@8",
				"sklearn.predict=1@9",
				"sklearn.metrics=1@9",
			},
		},
		{
			name: "sklearn estimator fitted", path: "fit.py",
			src: `from sklearn.ensemble import RandomForestClassifier as RF

clf = RF(n_estimators=10)
clf.fit(X, y)
`,
			want: []string{
				"sklearn.files=1",
				"sklearn.estimators=1@3",
				"sklearn.estimator_names=RandomForestClassifier:1",
				"sklearn.fit=1@4",
				"sklearn.trained=1@4",
			},
		},
		{
			// Depends is imported, and called outside a route: no route
			// injects anything.
			name: "Depends imported but unused by routes", path: "api.py",
			src: `from fastapi import FastAPI, Depends

app = FastAPI()
shared = Depends(object)

@app.get("/")
def index():
    return {}
`,
			want: []string{
				"fastapi.files=1",
				"fastapi.apps=1@3",
				"fastapi.depends=1@4",
				"fastapi.routes=1@7",
			},
		},
		{
			name: "Depends in Annotated and in dependencies=", path: "deps.py",
			src: `from typing import Annotated
from fastapi import APIRouter, Depends

router = APIRouter()

@router.get("/me")
def me(user: Annotated[str, Depends(current_user)]):
    return user

@router.post("/admin", dependencies=[Depends(is_admin)])
def admin():
    return {}
`,
			want: []string{
				"fastapi.files=1",
				"fastapi.routers=1@4",
				"fastapi.routes=2@7,11",
				"fastapi.depends=2@7,10",
				"fastapi.injected_routes=2@7,10",
			},
		},
		{
			name: "Django scaffold models.py", path: "shop/models.py",
			src:  "from django.db import models\n\n# Create your models here.\n",
			want: []string{"django.files=1"},
		},
		{
			// A model with only Meta and a method holds no data of its own.
			name: "Django model without fields", path: "shop/models.py",
			src: `from django.db import models

class Base(models.Model):
    class Meta:
        abstract = True

    def __str__(self):
        return "x"

class Order(Base):
    total = models.DecimalField(max_digits=9, decimal_places=2)
    customer = models.ForeignKey("Customer", on_delete=models.CASCADE)
`,
			want: []string{
				"django.files=1",
				"django.models=2@3,10",
				"django.models_with_fields=1@10",
			},
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

// TestUsesFacts checks the calls that show a module at work, beside the
// near-miss of an import alone and of a same-named function of another
// module.
func TestUsesFacts(t *testing.T) {
	tests := []struct {
		name, src string
		want      map[string]int // Uses field -> count
	}{
		{name: "imports only", src: "import threading, pickle, requests, weakref, gc\nimport sqlalchemy as sa\nfrom multiprocessing import Pool\n",
			want: map[string]int{}},
		{name: "calls", src: `from threading import Thread as T
import pickle, requests, weakref, gc
from concurrent.futures import ProcessPoolExecutor
import sqlalchemy as sa
import sqlalchemy.orm as so

T(target=print).start()
data = pickle.loads(b"")
requests.get("https://example.com", timeout=5)
r = weakref.ref(data)
gc.collect()
with ProcessPoolExecutor() as ex:
    pass
id = so.mapped_column(primary_key=True)
q = sa.select(User)
`,
			want: map[string]int{"Threads": 1, "Pickle": 1, "HTTPRequests": 1, "Weakref": 1, "GC": 1, "Processes": 1, "SQLColumns": 1, "SQLQueries": 1}},
		{name: "urllib.parse is not a request", src: `from urllib.parse import urlparse
import urllib.request

urlparse("https://example.com")
urllib.request.urlopen("https://example.com")
`,
			want: map[string]int{"HTTPRequests": 1}},
		{name: "same names elsewhere", src: `import json, threading
from mylib import Thread, get

json.loads("{}")
Thread()
get("x")
threading.current_thread()
`,
			want: map[string]int{}},
	}
	a := newTestAnalyzer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ff, err := a.AnalyzeFile("m.py", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			u := ff.Features.Uses
			got := map[string]int{}
			for name, tl := range map[string]Tally{"Threads": u.Threads, "Processes": u.Processes, "Pickle": u.Pickle,
				"Weakref": u.Weakref, "GC": u.GC, "HTTPRequests": u.HTTPRequests, "SQLColumns": u.SQLColumns, "SQLQueries": u.SQLQueries} {
				if tl.Count > 0 {
					got[name] = tl.Count
					lines := strings.Split(tt.src, "\n")
					if len(tl.Evidence) == 0 || strings.HasPrefix(lines[tl.Evidence[0].Line-1], "import ") ||
						strings.HasPrefix(lines[tl.Evidence[0].Line-1], "from ") {
						t.Errorf("%s evidence %v: want the call, not the import", name, tl.Evidence)
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("uses %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRowIndexLoops checks row-by-row pandas written with .iloc[i], beside
// the near-miss of a loop that uses .iloc with a constant.
func TestRowIndexLoops(t *testing.T) {
	src := `import pandas as pd

def clean(df):
    for i in range(len(df)):
        if df.iloc[i]["age"] > 120:
            pass
    for k in range(3):
        print(df.iloc[0], k)
`
	ff, err := newTestAnalyzer(t).AnalyzeFile("clean.py", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkFw(t, ff.Frameworks, []string{"pandas.files=1", "pandas.row_index_loops=1@4"})
}
