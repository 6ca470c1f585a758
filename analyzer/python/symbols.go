package python

// Node kind and field ids of tree-sitter-python, looked up once from the
// language so that the walk compares integers, never kind strings.
var (
	symModule, symClassDef, symFuncDef, symDecoratedDef, symDecorator              uint16
	symBlock, symIdentifier, symDottedName, symAliasedImport, symRelativeImport    uint16
	symImportPrefix, symImport, symImportFrom, symFutureImport, symWildcardImport  uint16
	symArgumentList, symKeywordArgument, symListSplat, symDictSplat, symCall       uint16
	symAttribute, symString, symConcatString, symExpressionStatement, symParenExpr uint16
	symIf, symElif, symElse, symFor, symWhile, symTry, symExcept, symExceptGroup   uint16
	symWith, symMatch, symCase, symCasePattern, symCondExpr, symBoolOp             uint16
	symListComp, symSetComp, symDictComp, symGenExpr, symForIn, symIfClause        uint16
	symLambda, symNamedExpr, symYield, symAwait, symAssignment, symAugAssignment   uint16
	symTypedParam, symTypedDefaultParam, symDefaultParam, symListSplatPattern      uint16
	symDictSplatPattern, symKeywordSeparator, symPositionalSeparator, symType      uint16
	symBinaryOp, symTypeAlias, symPrintStmt, symExecStmt, symRaise, symExprList    uint16
	symComparison, symInteger, symComment, symSubscript, symGlobal, symNonlocal    uint16
	symInterpolation, symTuple, symParameters, symPatternList, symPassStatement    uint16
	symAssert                                                                      uint16
	symError                                                                       uint16 = 0xFFFF

	// anonymous tokens the flattener keeps
	tokAsync, tokDiamond, tokPipe uint16
)

var (
	fieldName, fieldBody, fieldSuperclasses, fieldParameters, fieldReturnType uint16
	fieldTypeParameters, fieldDefinition, fieldModuleName, fieldAlias         uint16
	fieldFunction, fieldArguments, fieldObject, fieldAttributeF, fieldLeft    uint16
	fieldRight, fieldTypeF, fieldValue, fieldCondition, fieldConsequence      uint16
	fieldOperator, fieldAlternative, fieldGuard                               uint16
)

// keptAnonymous are the anonymous tokens that ps_flatten emits besides the
// named nodes: `async` marks async def/for/with/comprehensions, `<>` is a
// Python 2 marker and `|` finds X | Y unions.
var keptAnonymous = []string{"async", "<>", "|"}

type kindRef struct {
	id   *uint16
	name string
}

var namedKinds = []kindRef{
	{&symModule, "module"}, {&symClassDef, "class_definition"}, {&symFuncDef, "function_definition"},
	{&symDecoratedDef, "decorated_definition"}, {&symDecorator, "decorator"}, {&symBlock, "block"},
	{&symIdentifier, "identifier"}, {&symDottedName, "dotted_name"}, {&symAliasedImport, "aliased_import"},
	{&symRelativeImport, "relative_import"}, {&symImportPrefix, "import_prefix"},
	{&symImport, "import_statement"}, {&symImportFrom, "import_from_statement"},
	{&symFutureImport, "future_import_statement"}, {&symWildcardImport, "wildcard_import"},
	{&symArgumentList, "argument_list"}, {&symKeywordArgument, "keyword_argument"},
	{&symListSplat, "list_splat"}, {&symDictSplat, "dictionary_splat"}, {&symCall, "call"},
	{&symAttribute, "attribute"}, {&symString, "string"}, {&symConcatString, "concatenated_string"},
	{&symExpressionStatement, "expression_statement"}, {&symParenExpr, "parenthesized_expression"},
	{&symIf, "if_statement"}, {&symElif, "elif_clause"}, {&symElse, "else_clause"},
	{&symFor, "for_statement"}, {&symWhile, "while_statement"}, {&symTry, "try_statement"},
	{&symExcept, "except_clause"}, {&symExceptGroup, "except_group_clause"},
	{&symWith, "with_statement"}, {&symMatch, "match_statement"}, {&symCase, "case_clause"},
	{&symCasePattern, "case_pattern"}, {&symCondExpr, "conditional_expression"},
	{&symBoolOp, "boolean_operator"}, {&symListComp, "list_comprehension"},
	{&symSetComp, "set_comprehension"}, {&symDictComp, "dictionary_comprehension"},
	{&symGenExpr, "generator_expression"}, {&symForIn, "for_in_clause"}, {&symIfClause, "if_clause"},
	{&symLambda, "lambda"}, {&symNamedExpr, "named_expression"}, {&symYield, "yield"},
	{&symAwait, "await"}, {&symAssignment, "assignment"}, {&symAugAssignment, "augmented_assignment"},
	{&symTypedParam, "typed_parameter"}, {&symTypedDefaultParam, "typed_default_parameter"},
	{&symDefaultParam, "default_parameter"}, {&symListSplatPattern, "list_splat_pattern"},
	{&symDictSplatPattern, "dictionary_splat_pattern"}, {&symKeywordSeparator, "keyword_separator"},
	{&symPositionalSeparator, "positional_separator"}, {&symType, "type"},
	{&symBinaryOp, "binary_operator"}, {&symTypeAlias, "type_alias_statement"},
	{&symPrintStmt, "print_statement"}, {&symExecStmt, "exec_statement"}, {&symRaise, "raise_statement"},
	{&symExprList, "expression_list"}, {&symComparison, "comparison_operator"},
	{&symInteger, "integer"}, {&symComment, "comment"}, {&symSubscript, "subscript"},
	{&symGlobal, "global_statement"}, {&symNonlocal, "nonlocal_statement"},
	{&symInterpolation, "interpolation"}, {&symTuple, "tuple"}, {&symParameters, "parameters"},
	{&symPatternList, "pattern_list"}, {&symPassStatement, "pass_statement"},
	{&symAssert, "assert_statement"},
}

var anonKinds = []kindRef{{&tokAsync, "async"}, {&tokDiamond, "<>"}, {&tokPipe, "|"}}

var fieldRefs = []kindRef{
	{&fieldName, "name"}, {&fieldBody, "body"}, {&fieldSuperclasses, "superclasses"},
	{&fieldParameters, "parameters"}, {&fieldReturnType, "return_type"},
	{&fieldTypeParameters, "type_parameters"}, {&fieldDefinition, "definition"},
	{&fieldModuleName, "module_name"}, {&fieldAlias, "alias"}, {&fieldFunction, "function"},
	{&fieldArguments, "arguments"}, {&fieldObject, "object"}, {&fieldAttributeF, "attribute"},
	{&fieldLeft, "left"}, {&fieldRight, "right"}, {&fieldTypeF, "type"}, {&fieldValue, "value"},
	{&fieldCondition, "condition"}, {&fieldConsequence, "consequence"}, {&fieldOperator, "operator"},
	{&fieldAlternative, "alternative"}, {&fieldGuard, "guard"},
}

// Actions: what the walk does on entering a node, looked up by symbol.
const (
	actNone uint8 = iota
	actImport
	actImportFrom
	actFutureImport
	actClass
	actFunction
	actDecorated
	actCall
	actString
	actIf
	actElif
	actLoop
	actTry
	actExcept
	actWith
	actMatch
	actCondExpr
	actBoolOp
	actComprehension
	actGenExpr
	actForIn
	actIfClause
	actLambda
	actWalrus
	actYield
	actAwait
	actAssignment
	actType
	actBinaryOp
	actTypeAlias
	actPrint
	actExec
	actRaise
	actDiamond
	actInteger
	actDecorator
	actError
	actGlobal
	actAssert
)

// actions maps a symbol id to its action; built in initSymbols.
var actions []uint8

func initSymbols(g *grammarInfo) {
	lang := g.lang
	for _, k := range namedKinds {
		id := lang.IdForNodeKind(k.name, true)
		if id == 0 {
			panic("python: tree-sitter-python has no node kind " + k.name)
		}
		*k.id = id
	}
	for _, k := range anonKinds {
		id := lang.IdForNodeKind(k.name, false)
		if id == 0 {
			panic("python: tree-sitter-python has no token " + k.name)
		}
		*k.id = id
	}
	for _, f := range fieldRefs {
		id := lang.FieldIdForName(f.name)
		if id == 0 {
			panic("python: tree-sitter-python has no field " + f.name)
		}
		*f.id = id
	}
	actions = make([]uint8, int(g.nsym)+1)
	set := func(a uint8, syms ...uint16) {
		for _, s := range syms {
			actions[s] = a
		}
	}
	set(actImport, symImport)
	set(actImportFrom, symImportFrom)
	set(actFutureImport, symFutureImport)
	set(actClass, symClassDef)
	set(actFunction, symFuncDef)
	set(actDecorated, symDecoratedDef)
	set(actCall, symCall)
	set(actString, symString)
	set(actIf, symIf)
	set(actElif, symElif)
	set(actLoop, symFor, symWhile)
	set(actTry, symTry)
	set(actExcept, symExcept, symExceptGroup)
	set(actWith, symWith)
	set(actMatch, symMatch)
	set(actCondExpr, symCondExpr)
	set(actBoolOp, symBoolOp)
	set(actComprehension, symListComp, symSetComp, symDictComp)
	set(actGenExpr, symGenExpr)
	set(actForIn, symForIn)
	set(actIfClause, symIfClause)
	set(actLambda, symLambda)
	set(actWalrus, symNamedExpr)
	set(actYield, symYield)
	set(actAwait, symAwait)
	set(actAssignment, symAssignment, symAugAssignment)
	set(actType, symType)
	set(actBinaryOp, symBinaryOp)
	set(actTypeAlias, symTypeAlias)
	set(actPrint, symPrintStmt)
	set(actExec, symExecStmt)
	set(actRaise, symRaise)
	set(actDiamond, tokDiamond)
	set(actInteger, symInteger)
	set(actDecorator, symDecorator)
	set(actGlobal, symGlobal, symNonlocal)
	set(actAssert, symAssert)
}

func action(sym uint16) uint8 {
	if int(sym) < len(actions) {
		return actions[sym]
	}
	if sym == symError {
		return actError
	}
	return actNone
}
