package python

import "testing"

// Claims audit for framework class facts (issue 12, defect class 3): a
// framework fact needs the base resolved to the library, through the
// file's imports and, in a summary, the repository's modules.

func TestClaimsFrameworkClassesOfTheProjectsOwn(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		// The project's own Model and BaseModel: not Django, not pydantic.
		"core/__init__.py": "",
		"core/base.py":     "class Model:\n    pass\n\nclass BaseModel:\n    pass\n",
		"shop/views.py":    "from django.http import HttpResponse\nfrom core.base import Model, BaseModel\n\nclass Cart(Model):\n    pass\n\nclass Form(BaseModel):\n    pass\n",
		"api/main.py":      "from fastapi import FastAPI\nfrom core.base import BaseModel\napp = FastAPI()\n\nclass Out(BaseModel):\n    pass\n",
	})
	checkFw(t, rf.Frameworks, []string{
		"django.files=1",
		"fastapi.files=1",
		"fastapi.apps=1@3 files=1",
	})
}

func TestClaimsFrameworkClassesThroughTheRepository(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		// A re-export: core/db.py imports Django's Model, the apps
		// import it from core.db (one hop), or from core (two hops).
		"core/__init__.py": "from core.db import Model\n",
		"core/db.py":       "from django.db.models import Model\n\nclass Stamped(Model):\n    class Meta:\n        abstract = True\n",
		"blog/models.py":   "from core.db import Model\nfrom core import Model as M2\nfrom core.db import Stamped\n\nclass Post(Model):\n    pass\n\nclass Tag(M2):\n    pass\n\nclass Note(Stamped):\n    pass\n",
		// A torch module of another file, subclassed.
		"net/base.py":  "import torch.nn as nn\n\nclass Block(nn.Module):\n    def forward(self, x):\n        return x\n",
		"net/model.py": "from .base import Block\n\nclass Deep(Block):\n    def forward(self, x):\n        return x\n",
	})
	checkFw(t, rf.Frameworks, []string{
		// Files: only core/db.py imports Django, net/base.py torch.
		"django.files=1",
		// blog/models.py:5,8,11 then core/db.py:3 (path order)
		"django.models=4@5,8,11,3 files=2",
		"pytorch.files=1",
		"pytorch.modules=2@3,3 files=2",
		"pytorch.forward=2@3,3 files=2",
	})
}
