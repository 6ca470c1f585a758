package python

// The framework facts: Django, Flask, FastAPI, NumPy, SciPy, pandas,
// scikit-learn, TensorFlow and PyTorch.

// Frameworks says how deeply a file, or a set of files, uses the frameworks
// interviewers ask about most. An entry is present when some file imports
// the framework (Django also when a file makes ORM queries); its Files says
// in how many files. Every fact is found in the syntax tree with names
// resolved through the file's own imports (`import numpy as np`,
// `from django.db import models`), so a name bound some other way is not
// recognised. Counts are exact; evidence is capped as for every Tally.
type Frameworks struct {
	// Django is Django (and Django REST framework) use.
	Django *DjangoFacts `json:"django,omitempty"`
	// Flask is Flask use.
	Flask *FlaskFacts `json:"flask,omitempty"`
	// FastAPI is FastAPI use.
	FastAPI *FastAPIFacts `json:"fastapi,omitempty"`
	// NumPy is NumPy use.
	NumPy *NumPyFacts `json:"numpy,omitempty"`
	// SciPy is SciPy use.
	SciPy *SciPyFacts `json:"scipy,omitempty"`
	// Pandas is pandas use.
	Pandas *PandasFacts `json:"pandas,omitempty"`
	// Sklearn is scikit-learn use.
	Sklearn *SklearnFacts `json:"sklearn,omitempty"`
	// TensorFlow is TensorFlow and Keras use.
	TensorFlow *TensorFlowFacts `json:"tensorflow,omitempty"`
	// PyTorch is PyTorch (and Lightning) use.
	PyTorch *PyTorchFacts `json:"pytorch,omitempty"`

	// pydantic counts pydantic models in a file; the repository summary
	// reports them under FastAPI when the repository uses FastAPI, since
	// the models often live in files that do not import fastapi.
	pydantic Tally
	// aliases maps names bound by the file's imports to the dotted names
	// they stand for; kept here so that later notebook cells see the
	// imports of earlier ones.
	aliases map[string]string
}

// DjangoFacts is the depth of Django use.
type DjangoFacts struct {
	// Files counts files importing django or rest_framework, or making ORM
	// queries.
	Files int `json:"files"`
	// Models counts classes deriving from django.db.models.Model (or
	// AbstractUser, AbstractBaseUser), directly or through a model class
	// defined earlier in the same file; in a repository summary also
	// through a model class of another module or a re-export (`from
	// core.db import Model` where core/db.py imports Django's), followed
	// up to 4 modules. A Model of the project's own is not Django's. The
	// same holds for ClassViews, FastAPI's PydanticModels and the PyTorch
	// and Keras class facts.
	Models Tally `json:"models"`
	// ModelsWithFields counts the Models whose class body assigns at
	// least one field (`title = models.CharField(...)`, a ForeignKey, any
	// class of django.db.models called in the body): a model that holds
	// data, not an empty "Create your models here." leftover. Evidence:
	// the class.
	ModelsWithFields Tally `json:"models_with_fields"`
	// ClassViews counts class-based views: classes deriving from a class
	// of django.views, django.contrib.auth.views or Django REST
	// framework's views, generics and viewsets (View, TemplateView,
	// ListView, APIView, ModelViewSet, ...), or from a view class defined
	// earlier in the same file.
	ClassViews Tally `json:"class_views"`
	// FunctionViews counts module-level functions whose first parameter
	// is named request in files importing Django, or that carry a Django
	// view decorator (login_required, require_http_methods, csrf_exempt,
	// DRF's api_view, ...).
	FunctionViews Tally `json:"function_views"`
	// URLPatterns counts path(), re_path() and url() calls of
	// django.urls / django.conf.urls.
	URLPatterns Tally `json:"url_patterns"`
	// Migrations counts migration files: a file under a migrations/
	// directory defining a class Migration; evidence: that class.
	Migrations Tally `json:"migrations"`
	// ORMQueries counts calls of X.objects.M(...) where M is a QuerySet
	// method (filter, get, all, exclude, annotate, aggregate,
	// select_related, prefetch_related, values, order_by, create, ...).
	// Only the first method of a chain counts. In a file that does not
	// import Django, X must be imported by a relative import or from a
	// module path with a `models` part (bpy.data.objects.get() is not
	// Django).
	ORMQueries Tally `json:"orm_queries"`
	// QueryMethods counts ORMQueries by method, most used first.
	QueryMethods []NameCount `json:"query_methods,omitempty"`
}

// FlaskFacts is the depth of Flask use.
type FlaskFacts struct {
	// Files counts files importing flask or a flask_* extension.
	Files int `json:"files"`
	// Apps counts Flask(...) application objects created.
	Apps Tally `json:"apps"`
	// Routes counts view functions registered with @X.route(...) (or
	// @X.get/post/put/patch/delete on an app or blueprint of the file)
	// and X.add_url_rule(...) calls.
	Routes Tally `json:"routes"`
	// Blueprints counts Blueprint(...) objects created.
	Blueprints Tally `json:"blueprints"`
	// Extensions names the Flask extensions imported (flask_sqlalchemy,
	// flask_login, ...), by number of files importing them.
	Extensions []NameCount `json:"extensions,omitempty"`
}

// FastAPIFacts is the depth of FastAPI use.
type FastAPIFacts struct {
	// Files counts files importing fastapi.
	Files int `json:"files"`
	// Apps counts FastAPI(...) application objects created.
	Apps Tally `json:"apps"`
	// Routes counts path operations: functions decorated with
	// @X.get/post/put/patch/delete/options/head/api_route/websocket where
	// X is a FastAPI app or APIRouter of the file (any X in a file that
	// imports fastapi and not flask).
	Routes Tally `json:"routes"`
	// Routers counts APIRouter(...) objects created.
	Routers Tally `json:"routers"`
	// Depends counts dependency injections: Depends(...) and
	// Security(...) calls.
	Depends Tally `json:"depends"`
	// InjectedRoutes counts the path operations (Routes) that use
	// dependency injection: a Depends(...) or Security(...) call in a
	// parameter's default or Annotated[...] hint, or in the decorator's
	// dependencies=[...]. Evidence: the first such call of the route. An
	// import of Depends, or a Depends outside a route, is not counted.
	InjectedRoutes Tally `json:"injected_routes"`
	// PydanticModels counts classes deriving from pydantic's BaseModel
	// (or a model of the same file) anywhere in the files summarised;
	// set in summaries of files that use FastAPI.
	PydanticModels Tally `json:"pydantic_models" merge:"-"`
}

// NumPyFacts is the depth of NumPy use: array programming versus Python
// loops.
type NumPyFacts struct {
	// Files counts files importing numpy.
	Files int `json:"files"`
	// ArrayCreation counts calls creating arrays: np.array, asarray,
	// zeros, ones, empty, full, arange, linspace, logspace, eye,
	// identity, the *_like functions, meshgrid, loadtxt, genfromtxt,
	// fromiter and every np.random.* call.
	ArrayCreation Tally `json:"array_creation"`
	// Vectorized counts every other np.* call: ufuncs, reductions,
	// linear algebra, reshaping. (Arithmetic on arrays is vectorised too
	// but cannot be told from arithmetic on numbers without types.)
	Vectorized Tally `json:"vectorized"`
	// PythonLoops counts `for` loops, in files importing numpy, that look
	// like element-wise work a vectorised expression would do: the
	// iterable is range(len(x)) or a range over x.shape / x.size, or is
	// an array (a name assigned from an np.* call in the file), or the
	// body subscripts such an array with the loop variable (a[i],
	// a[i, j]). A heuristic: loops over lists in the same file count too.
	PythonLoops Tally `json:"python_loops"`
	// ElementLoops counts the PythonLoops that certainly work element by
	// element on an array: the body subscripts an array (a name assigned
	// from an np.* call in the file) with the loop variable (`a[i]`,
	// `total += x[i]`), or the loop iterates an array directly and
	// accumulates (`+=`) or appends per element. A loop over a plain list
	// is not counted, nor a range(len(x)) whose x is not known to be an
	// array. Evidence: the for statement.
	ElementLoops Tally `json:"element_loops"`
	// Functions counts the np.* functions called, most used first (at
	// most 20).
	Functions []NameCount `json:"functions,omitempty"`
}

// SciPyFacts is the depth of SciPy use.
type SciPyFacts struct {
	// Files counts files importing scipy.
	Files int `json:"files"`
	// Calls counts calls of scipy functions and classes.
	Calls Tally `json:"calls"`
	// Modules names the scipy subpackages imported (optimize, stats,
	// linalg, sparse, signal, ...), by number of files.
	Modules []NameCount `json:"modules,omitempty"`
}

// PandasFacts is the depth of pandas use.
type PandasFacts struct {
	// Files counts files importing pandas.
	Files int `json:"files"`
	// DataFrames counts pd.DataFrame(...) and pd.Series(...) calls.
	DataFrames Tally `json:"dataframes"`
	// IO counts pd.read_* calls.
	IO Tally `json:"io"`
	// Readers counts IO by function (read_csv, read_sql, ...).
	Readers []NameCount `json:"readers,omitempty"`
	// GroupBy counts .groupby(...) calls in files importing pandas.
	GroupBy Tally `json:"groupby"`
	// Merge counts .merge(...), pd.merge(...) and pd.concat(...) calls.
	Merge Tally `json:"merge"`
	// Pivot counts .pivot, .pivot_table, .melt and pd.pivot_table,
	// pd.melt, pd.crosstab calls.
	Pivot Tally `json:"pivot"`
	// ApplyLambda counts .apply(lambda ...) and .applymap(lambda ...),
	// row-by-row Python where a vectorised expression often does.
	ApplyLambda Tally `json:"apply_lambda"`
	// IterRows counts for loops over .iterrows() or .itertuples().
	IterRows Tally `json:"iterrows"`
	// RowIndexLoops counts for loops, in files importing pandas, whose
	// body indexes rows through .iloc, .loc, .iat or .at with the loop
	// variable (`for i in range(len(df)): df.iloc[i]`): row-by-row work
	// written without iterrows. Evidence: the for statement.
	RowIndexLoops Tally `json:"row_index_loops"`
}

// SklearnFacts is the depth of scikit-learn use.
type SklearnFacts struct {
	// Files counts files importing sklearn.
	Files int `json:"files"`
	// Estimators counts instantiations of sklearn classes other than
	// pipelines and model-selection tools (LogisticRegression(...),
	// StandardScaler(...), ...).
	Estimators Tally `json:"estimators"`
	// EstimatorNames counts Estimators by class, most used first.
	EstimatorNames []NameCount `json:"estimator_names,omitempty"`
	// Fit counts .fit(...) and .fit_transform(...) calls in files
	// importing sklearn.
	Fit Tally `json:"fit"`
	// Trained counts the Fit calls made on a scikit-learn object: a name
	// bound in the file to an sklearn estimator, pipeline or search
	// (`clf = LogisticRegression(); clf.fit(X, y)`), or the constructor
	// itself (`StandardScaler().fit_transform(X)`). A fit() on any other
	// object is not counted. Evidence: the fit call.
	Trained Tally `json:"trained"`
	// Predict counts .predict, .predict_proba, .predict_log_proba and
	// .decision_function calls in files importing sklearn.
	Predict Tally `json:"predict"`
	// Transform counts .transform, .fit_transform and .inverse_transform
	// calls in files importing sklearn.
	Transform Tally `json:"transform"`
	// Pipelines counts Pipeline, make_pipeline, ColumnTransformer,
	// make_column_transformer, FeatureUnion and make_union calls.
	Pipelines Tally `json:"pipelines"`
	// TrainTestSplit counts train_test_split calls.
	TrainTestSplit Tally `json:"train_test_split"`
	// ModelSelection counts calls of other sklearn.model_selection names
	// (GridSearchCV, cross_val_score, KFold, ...).
	ModelSelection Tally `json:"model_selection"`
	// Metrics counts calls of sklearn.metrics functions.
	Metrics Tally `json:"metrics"`
}

// TensorFlowFacts is the depth of TensorFlow and Keras use (tf.keras,
// keras and tf_keras alike).
type TensorFlowFacts struct {
	// Files counts files importing tensorflow, keras or tf_keras.
	Files int `json:"files"`
	// ModelClasses counts subclasses of keras.Model (or of a model class
	// of the same file).
	ModelClasses Tally `json:"model_classes"`
	// LayerClasses counts subclasses of keras.layers.Layer.
	LayerClasses Tally `json:"layer_classes"`
	// Sequential counts keras Sequential(...) models.
	Sequential Tally `json:"sequential"`
	// Layers counts keras layer constructions (layers.Dense(...), ...).
	Layers Tally `json:"layers"`
	// LayerTypes counts Layers by class, most used first.
	LayerTypes []NameCount `json:"layer_types,omitempty"`
	// Compile counts .compile(...) calls in files importing TensorFlow or
	// Keras.
	Compile Tally `json:"compile"`
	// Fit counts .fit(...) and .train_on_batch(...) calls in those files.
	Fit Tally `json:"fit"`
	// GradientTape counts tf.GradientTape() uses: custom training steps.
	GradientTape Tally `json:"gradient_tape"`
	// TrainingLoops counts innermost for/while loops that call
	// .apply_gradients(...): hand-written training loops.
	TrainingLoops Tally `json:"training_loops"`
}

// PyTorchFacts is the depth of PyTorch use.
type PyTorchFacts struct {
	// Files counts files importing torch, pytorch_lightning or lightning.
	Files int `json:"files"`
	// Modules counts subclasses of torch.nn.Module (or LightningModule,
	// or a module class of the same file).
	Modules Tally `json:"modules"`
	// Forward counts the Modules that define forward().
	Forward Tally `json:"forward"`
	// Datasets counts subclasses of torch.utils.data.Dataset and
	// IterableDataset.
	Datasets Tally `json:"datasets"`
	// DataLoaders counts DataLoader(...) calls.
	DataLoaders Tally `json:"dataloaders"`
	// Optimizers counts torch.optim optimizer constructions (Adam, SGD,
	// ...; schedulers excluded).
	Optimizers Tally `json:"optimizers"`
	// OptimizerNames counts Optimizers by class, most used first.
	OptimizerNames []NameCount `json:"optimizer_names,omitempty"`
	// TrainingLoops counts innermost for/while loops whose body calls
	// both .backward() and .step(): hand-written training loops.
	TrainingLoops Tally `json:"training_loops"`
}

// Framework keys, in the order of the Frameworks fields.
const (
	fwDjango = iota
	fwFlask
	fwFastAPI
	fwNumPy
	fwSciPy
	fwPandas
	fwSklearn
	fwTensorFlow
	fwPyTorch
	fwCount
)

// ensure creates framework k's facts in f if absent, for a file: its Files
// is 1, and summing files counts them.
func (f *Frameworks) ensure(k int) {
	switch k {
	case fwDjango:
		if f.Django == nil {
			f.Django = &DjangoFacts{Files: 1}
		}
	case fwFlask:
		if f.Flask == nil {
			f.Flask = &FlaskFacts{Files: 1}
		}
	case fwFastAPI:
		if f.FastAPI == nil {
			f.FastAPI = &FastAPIFacts{Files: 1}
		}
	case fwNumPy:
		if f.NumPy == nil {
			f.NumPy = &NumPyFacts{Files: 1}
		}
	case fwSciPy:
		if f.SciPy == nil {
			f.SciPy = &SciPyFacts{Files: 1}
		}
	case fwPandas:
		if f.Pandas == nil {
			f.Pandas = &PandasFacts{Files: 1}
		}
	case fwSklearn:
		if f.Sklearn == nil {
			f.Sklearn = &SklearnFacts{Files: 1}
		}
	case fwTensorFlow:
		if f.TensorFlow == nil {
			f.TensorFlow = &TensorFlowFacts{Files: 1}
		}
	case fwPyTorch:
		if f.PyTorch == nil {
			f.PyTorch = &PyTorchFacts{Files: 1}
		}
	}
}
