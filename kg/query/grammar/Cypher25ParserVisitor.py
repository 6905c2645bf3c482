# Generated from Cypher25Parser.g4 by ANTLR 4.13.2
from antlr4 import *
if "." in __name__:
    from .Cypher25Parser import Cypher25Parser
else:
    from Cypher25Parser import Cypher25Parser

# This class defines a complete generic visitor for a parse tree produced by Cypher25Parser.

class Cypher25ParserVisitor(ParseTreeVisitor):

    # Visit a parse tree produced by Cypher25Parser#statements.
    def visitStatements(self, ctx:Cypher25Parser.StatementsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#statement.
    def visitStatement(self, ctx:Cypher25Parser.StatementContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#queryWithLocalDefinitions.
    def visitQueryWithLocalDefinitions(self, ctx:Cypher25Parser.QueryWithLocalDefinitionsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#localDefinition.
    def visitLocalDefinition(self, ctx:Cypher25Parser.LocalDefinitionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#localProcedureDefinition.
    def visitLocalProcedureDefinition(self, ctx:Cypher25Parser.LocalProcedureDefinitionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#localFunctionDefinition.
    def visitLocalFunctionDefinition(self, ctx:Cypher25Parser.LocalFunctionDefinitionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#localInputFieldsSignature.
    def visitLocalInputFieldsSignature(self, ctx:Cypher25Parser.LocalInputFieldsSignatureContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#localOutputFieldsSignature.
    def visitLocalOutputFieldsSignature(self, ctx:Cypher25Parser.LocalOutputFieldsSignatureContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#localMandatoryFieldSignature.
    def visitLocalMandatoryFieldSignature(self, ctx:Cypher25Parser.LocalMandatoryFieldSignatureContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#localOptionalFieldSignature.
    def visitLocalOptionalFieldSignature(self, ctx:Cypher25Parser.LocalOptionalFieldSignatureContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ExpressionBody.
    def visitExpressionBody(self, ctx:Cypher25Parser.ExpressionBodyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#QueryBody.
    def visitQueryBody(self, ctx:Cypher25Parser.QueryBodyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nextStatement.
    def visitNextStatement(self, ctx:Cypher25Parser.NextStatementContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#regularQuery.
    def visitRegularQuery(self, ctx:Cypher25Parser.RegularQueryContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#union.
    def visitUnion(self, ctx:Cypher25Parser.UnionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#when.
    def visitWhen(self, ctx:Cypher25Parser.WhenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#whenBranch.
    def visitWhenBranch(self, ctx:Cypher25Parser.WhenBranchContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#elseBranch.
    def visitElseBranch(self, ctx:Cypher25Parser.ElseBranchContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#singleQuery.
    def visitSingleQuery(self, ctx:Cypher25Parser.SingleQueryContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#clause.
    def visitClause(self, ctx:Cypher25Parser.ClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#useClause.
    def visitUseClause(self, ctx:Cypher25Parser.UseClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#graphReference.
    def visitGraphReference(self, ctx:Cypher25Parser.GraphReferenceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#finishClause.
    def visitFinishClause(self, ctx:Cypher25Parser.FinishClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#returnClause.
    def visitReturnClause(self, ctx:Cypher25Parser.ReturnClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#returnBody.
    def visitReturnBody(self, ctx:Cypher25Parser.ReturnBodyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#returnItem.
    def visitReturnItem(self, ctx:Cypher25Parser.ReturnItemContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#returnItems.
    def visitReturnItems(self, ctx:Cypher25Parser.ReturnItemsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#groupBy.
    def visitGroupBy(self, ctx:Cypher25Parser.GroupByContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#orderItem.
    def visitOrderItem(self, ctx:Cypher25Parser.OrderItemContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ascToken.
    def visitAscToken(self, ctx:Cypher25Parser.AscTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#descToken.
    def visitDescToken(self, ctx:Cypher25Parser.DescTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#orderBy.
    def visitOrderBy(self, ctx:Cypher25Parser.OrderByContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#skip.
    def visitSkip(self, ctx:Cypher25Parser.SkipContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#limit.
    def visitLimit(self, ctx:Cypher25Parser.LimitContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#whereClause.
    def visitWhereClause(self, ctx:Cypher25Parser.WhereClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#searchClause.
    def visitSearchClause(self, ctx:Cypher25Parser.SearchClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#indexSpecificationClause.
    def visitIndexSpecificationClause(self, ctx:Cypher25Parser.IndexSpecificationClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#forClause.
    def visitForClause(self, ctx:Cypher25Parser.ForClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#analyzerClause.
    def visitAnalyzerClause(self, ctx:Cypher25Parser.AnalyzerClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#scoreClause.
    def visitScoreClause(self, ctx:Cypher25Parser.ScoreClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#withClause.
    def visitWithClause(self, ctx:Cypher25Parser.WithClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createClause.
    def visitCreateClause(self, ctx:Cypher25Parser.CreateClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#insertClause.
    def visitInsertClause(self, ctx:Cypher25Parser.InsertClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#setClause.
    def visitSetClause(self, ctx:Cypher25Parser.SetClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#SetProps.
    def visitSetProps(self, ctx:Cypher25Parser.SetPropsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#AddProp.
    def visitAddProp(self, ctx:Cypher25Parser.AddPropContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#SetLabels.
    def visitSetLabels(self, ctx:Cypher25Parser.SetLabelsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#SetLabelsIs.
    def visitSetLabelsIs(self, ctx:Cypher25Parser.SetLabelsIsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#SetProp.
    def visitSetProp(self, ctx:Cypher25Parser.SetPropContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#removeClause.
    def visitRemoveClause(self, ctx:Cypher25Parser.RemoveClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#RemoveLabels.
    def visitRemoveLabels(self, ctx:Cypher25Parser.RemoveLabelsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#RemoveLabelsIs.
    def visitRemoveLabelsIs(self, ctx:Cypher25Parser.RemoveLabelsIsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#RemoveProp.
    def visitRemoveProp(self, ctx:Cypher25Parser.RemovePropContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#deleteClause.
    def visitDeleteClause(self, ctx:Cypher25Parser.DeleteClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#matchClause.
    def visitMatchClause(self, ctx:Cypher25Parser.MatchClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#matchMode.
    def visitMatchMode(self, ctx:Cypher25Parser.MatchModeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#hint.
    def visitHint(self, ctx:Cypher25Parser.HintContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expandHintStep.
    def visitExpandHintStep(self, ctx:Cypher25Parser.ExpandHintStepContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#mergeClause.
    def visitMergeClause(self, ctx:Cypher25Parser.MergeClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#mergeAction.
    def visitMergeAction(self, ctx:Cypher25Parser.MergeActionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#filterClause.
    def visitFilterClause(self, ctx:Cypher25Parser.FilterClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#unwindClause.
    def visitUnwindClause(self, ctx:Cypher25Parser.UnwindClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#forListClause.
    def visitForListClause(self, ctx:Cypher25Parser.ForListClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#letClause.
    def visitLetClause(self, ctx:Cypher25Parser.LetClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#letItem.
    def visitLetItem(self, ctx:Cypher25Parser.LetItemContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#callClause.
    def visitCallClause(self, ctx:Cypher25Parser.CallClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#procedureName.
    def visitProcedureName(self, ctx:Cypher25Parser.ProcedureNameContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#procedureArgument.
    def visitProcedureArgument(self, ctx:Cypher25Parser.ProcedureArgumentContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#procedureResultItem.
    def visitProcedureResultItem(self, ctx:Cypher25Parser.ProcedureResultItemContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#loadCSVClause.
    def visitLoadCSVClause(self, ctx:Cypher25Parser.LoadCSVClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#foreachClause.
    def visitForeachClause(self, ctx:Cypher25Parser.ForeachClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#subqueryClause.
    def visitSubqueryClause(self, ctx:Cypher25Parser.SubqueryClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#subqueryScope.
    def visitSubqueryScope(self, ctx:Cypher25Parser.SubqueryScopeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#subqueryInTransactionsParameters.
    def visitSubqueryInTransactionsParameters(self, ctx:Cypher25Parser.SubqueryInTransactionsParametersContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#subqueryInTransactionsBatchParameters.
    def visitSubqueryInTransactionsBatchParameters(self, ctx:Cypher25Parser.SubqueryInTransactionsBatchParametersContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#subqueryInTransactionsDisjointByParameters.
    def visitSubqueryInTransactionsDisjointByParameters(self, ctx:Cypher25Parser.SubqueryInTransactionsDisjointByParametersContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#subqueryInTransactionsDisjointByExpressions.
    def visitSubqueryInTransactionsDisjointByExpressions(self, ctx:Cypher25Parser.SubqueryInTransactionsDisjointByExpressionsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#subqueryInTransactionsErrorParameters.
    def visitSubqueryInTransactionsErrorParameters(self, ctx:Cypher25Parser.SubqueryInTransactionsErrorParametersContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#subqueryInTransactionsRetryParameters.
    def visitSubqueryInTransactionsRetryParameters(self, ctx:Cypher25Parser.SubqueryInTransactionsRetryParametersContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#subqueryInTransactionsReportParameters.
    def visitSubqueryInTransactionsReportParameters(self, ctx:Cypher25Parser.SubqueryInTransactionsReportParametersContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#orderBySkipLimitClause.
    def visitOrderBySkipLimitClause(self, ctx:Cypher25Parser.OrderBySkipLimitClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#patternList.
    def visitPatternList(self, ctx:Cypher25Parser.PatternListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#insertPatternList.
    def visitInsertPatternList(self, ctx:Cypher25Parser.InsertPatternListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#pattern.
    def visitPattern(self, ctx:Cypher25Parser.PatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#insertPattern.
    def visitInsertPattern(self, ctx:Cypher25Parser.InsertPatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#quantifier.
    def visitQuantifier(self, ctx:Cypher25Parser.QuantifierContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#anonymousPattern.
    def visitAnonymousPattern(self, ctx:Cypher25Parser.AnonymousPatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#shortestPathPattern.
    def visitShortestPathPattern(self, ctx:Cypher25Parser.ShortestPathPatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#patternElement.
    def visitPatternElement(self, ctx:Cypher25Parser.PatternElementContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#AllPath.
    def visitAllPath(self, ctx:Cypher25Parser.AllPathContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#AnyShortestPath.
    def visitAnyShortestPath(self, ctx:Cypher25Parser.AnyShortestPathContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#AllShortestPath.
    def visitAllShortestPath(self, ctx:Cypher25Parser.AllShortestPathContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#AnyPath.
    def visitAnyPath(self, ctx:Cypher25Parser.AnyPathContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ShortestGroup.
    def visitShortestGroup(self, ctx:Cypher25Parser.ShortestGroupContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nonNegativeIntegerSpecification.
    def visitNonNegativeIntegerSpecification(self, ctx:Cypher25Parser.NonNegativeIntegerSpecificationContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#pathMode.
    def visitPathMode(self, ctx:Cypher25Parser.PathModeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#groupToken.
    def visitGroupToken(self, ctx:Cypher25Parser.GroupTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#pathToken.
    def visitPathToken(self, ctx:Cypher25Parser.PathTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#pathPatternNonEmpty.
    def visitPathPatternNonEmpty(self, ctx:Cypher25Parser.PathPatternNonEmptyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nodePattern.
    def visitNodePattern(self, ctx:Cypher25Parser.NodePatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#insertNodePattern.
    def visitInsertNodePattern(self, ctx:Cypher25Parser.InsertNodePatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#parenthesizedPath.
    def visitParenthesizedPath(self, ctx:Cypher25Parser.ParenthesizedPathContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nodeLabels.
    def visitNodeLabels(self, ctx:Cypher25Parser.NodeLabelsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nodeLabelsIs.
    def visitNodeLabelsIs(self, ctx:Cypher25Parser.NodeLabelsIsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dynamicExpression.
    def visitDynamicExpression(self, ctx:Cypher25Parser.DynamicExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dynamicAnyAllExpression.
    def visitDynamicAnyAllExpression(self, ctx:Cypher25Parser.DynamicAnyAllExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dynamicLabelType.
    def visitDynamicLabelType(self, ctx:Cypher25Parser.DynamicLabelTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#labelType.
    def visitLabelType(self, ctx:Cypher25Parser.LabelTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#relType.
    def visitRelType(self, ctx:Cypher25Parser.RelTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#labelOrRelType.
    def visitLabelOrRelType(self, ctx:Cypher25Parser.LabelOrRelTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#properties.
    def visitProperties(self, ctx:Cypher25Parser.PropertiesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#relationshipPattern.
    def visitRelationshipPattern(self, ctx:Cypher25Parser.RelationshipPatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#insertRelationshipPattern.
    def visitInsertRelationshipPattern(self, ctx:Cypher25Parser.InsertRelationshipPatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#leftArrow.
    def visitLeftArrow(self, ctx:Cypher25Parser.LeftArrowContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#arrowLine.
    def visitArrowLine(self, ctx:Cypher25Parser.ArrowLineContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#rightArrow.
    def visitRightArrow(self, ctx:Cypher25Parser.RightArrowContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#pathLength.
    def visitPathLength(self, ctx:Cypher25Parser.PathLengthContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#labelExpression.
    def visitLabelExpression(self, ctx:Cypher25Parser.LabelExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#labelExpression4.
    def visitLabelExpression4(self, ctx:Cypher25Parser.LabelExpression4Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#labelExpression3.
    def visitLabelExpression3(self, ctx:Cypher25Parser.LabelExpression3Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#labelExpression2.
    def visitLabelExpression2(self, ctx:Cypher25Parser.LabelExpression2Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ParenthesizedLabelExpression.
    def visitParenthesizedLabelExpression(self, ctx:Cypher25Parser.ParenthesizedLabelExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#AnyLabel.
    def visitAnyLabel(self, ctx:Cypher25Parser.AnyLabelContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#DynamicLabel.
    def visitDynamicLabel(self, ctx:Cypher25Parser.DynamicLabelContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#LabelName.
    def visitLabelName(self, ctx:Cypher25Parser.LabelNameContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#insertNodeLabelExpression.
    def visitInsertNodeLabelExpression(self, ctx:Cypher25Parser.InsertNodeLabelExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#insertRelationshipLabelExpression.
    def visitInsertRelationshipLabelExpression(self, ctx:Cypher25Parser.InsertRelationshipLabelExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression.
    def visitExpression(self, ctx:Cypher25Parser.ExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression11.
    def visitExpression11(self, ctx:Cypher25Parser.Expression11Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression10.
    def visitExpression10(self, ctx:Cypher25Parser.Expression10Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression9.
    def visitExpression9(self, ctx:Cypher25Parser.Expression9Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression8.
    def visitExpression8(self, ctx:Cypher25Parser.Expression8Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression7.
    def visitExpression7(self, ctx:Cypher25Parser.Expression7Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#StringAndListComparison.
    def visitStringAndListComparison(self, ctx:Cypher25Parser.StringAndListComparisonContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#NullComparison.
    def visitNullComparison(self, ctx:Cypher25Parser.NullComparisonContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#TypeComparison.
    def visitTypeComparison(self, ctx:Cypher25Parser.TypeComparisonContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#NormalFormComparison.
    def visitNormalFormComparison(self, ctx:Cypher25Parser.NormalFormComparisonContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#LabelComparison.
    def visitLabelComparison(self, ctx:Cypher25Parser.LabelComparisonContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#normalForm.
    def visitNormalForm(self, ctx:Cypher25Parser.NormalFormContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression6.
    def visitExpression6(self, ctx:Cypher25Parser.Expression6Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression5.
    def visitExpression5(self, ctx:Cypher25Parser.Expression5Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression4.
    def visitExpression4(self, ctx:Cypher25Parser.Expression4Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression3.
    def visitExpression3(self, ctx:Cypher25Parser.Expression3Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression2.
    def visitExpression2(self, ctx:Cypher25Parser.Expression2Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#PropertyPostfix.
    def visitPropertyPostfix(self, ctx:Cypher25Parser.PropertyPostfixContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#IndexPostfix.
    def visitIndexPostfix(self, ctx:Cypher25Parser.IndexPostfixContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#RangePostfix.
    def visitRangePostfix(self, ctx:Cypher25Parser.RangePostfixContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#property.
    def visitProperty(self, ctx:Cypher25Parser.PropertyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dynamicProperty.
    def visitDynamicProperty(self, ctx:Cypher25Parser.DynamicPropertyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#expression1.
    def visitExpression1(self, ctx:Cypher25Parser.Expression1Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#NumericLiteral.
    def visitNumericLiteral(self, ctx:Cypher25Parser.NumericLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#StringsLiteral.
    def visitStringsLiteral(self, ctx:Cypher25Parser.StringsLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#OtherLiteral.
    def visitOtherLiteral(self, ctx:Cypher25Parser.OtherLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#BooleanLiteral.
    def visitBooleanLiteral(self, ctx:Cypher25Parser.BooleanLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#KeywordLiteral.
    def visitKeywordLiteral(self, ctx:Cypher25Parser.KeywordLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#caseExpression.
    def visitCaseExpression(self, ctx:Cypher25Parser.CaseExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#caseAlternative.
    def visitCaseAlternative(self, ctx:Cypher25Parser.CaseAlternativeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#extendedCaseExpression.
    def visitExtendedCaseExpression(self, ctx:Cypher25Parser.ExtendedCaseExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#extendedCaseAlternative.
    def visitExtendedCaseAlternative(self, ctx:Cypher25Parser.ExtendedCaseAlternativeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#WhenSimpleComparison.
    def visitWhenSimpleComparison(self, ctx:Cypher25Parser.WhenSimpleComparisonContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#WhenAdvancedComparison.
    def visitWhenAdvancedComparison(self, ctx:Cypher25Parser.WhenAdvancedComparisonContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#WhenEquals.
    def visitWhenEquals(self, ctx:Cypher25Parser.WhenEqualsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#listComprehension.
    def visitListComprehension(self, ctx:Cypher25Parser.ListComprehensionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#patternComprehension.
    def visitPatternComprehension(self, ctx:Cypher25Parser.PatternComprehensionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#reduceExpression.
    def visitReduceExpression(self, ctx:Cypher25Parser.ReduceExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#allReduceExpression.
    def visitAllReduceExpression(self, ctx:Cypher25Parser.AllReduceExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#allReduceExpressionValidArguments.
    def visitAllReduceExpressionValidArguments(self, ctx:Cypher25Parser.AllReduceExpressionValidArgumentsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#allReduceExpressionInvalidArguments.
    def visitAllReduceExpressionInvalidArguments(self, ctx:Cypher25Parser.AllReduceExpressionInvalidArgumentsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#listItemsPredicate.
    def visitListItemsPredicate(self, ctx:Cypher25Parser.ListItemsPredicateContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#normalizeFunction.
    def visitNormalizeFunction(self, ctx:Cypher25Parser.NormalizeFunctionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#vectorFunction.
    def visitVectorFunction(self, ctx:Cypher25Parser.VectorFunctionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#vectorDistanceFunction.
    def visitVectorDistanceFunction(self, ctx:Cypher25Parser.VectorDistanceFunctionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#vectorNormFunction.
    def visitVectorNormFunction(self, ctx:Cypher25Parser.VectorNormFunctionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#vectorDistanceMetric.
    def visitVectorDistanceMetric(self, ctx:Cypher25Parser.VectorDistanceMetricContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#vectorNormDistanceMetric.
    def visitVectorNormDistanceMetric(self, ctx:Cypher25Parser.VectorNormDistanceMetricContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#trimFunction.
    def visitTrimFunction(self, ctx:Cypher25Parser.TrimFunctionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#patternExpression.
    def visitPatternExpression(self, ctx:Cypher25Parser.PatternExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#shortestPathExpression.
    def visitShortestPathExpression(self, ctx:Cypher25Parser.ShortestPathExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#parenthesizedExpression.
    def visitParenthesizedExpression(self, ctx:Cypher25Parser.ParenthesizedExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#mapProjection.
    def visitMapProjection(self, ctx:Cypher25Parser.MapProjectionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#mapProjectionElement.
    def visitMapProjectionElement(self, ctx:Cypher25Parser.MapProjectionElementContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#countStar.
    def visitCountStar(self, ctx:Cypher25Parser.CountStarContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#existsExpression.
    def visitExistsExpression(self, ctx:Cypher25Parser.ExistsExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#propertyExistsPredicate.
    def visitPropertyExistsPredicate(self, ctx:Cypher25Parser.PropertyExistsPredicateContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#countExpression.
    def visitCountExpression(self, ctx:Cypher25Parser.CountExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#collectExpression.
    def visitCollectExpression(self, ctx:Cypher25Parser.CollectExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#numberLiteral.
    def visitNumberLiteral(self, ctx:Cypher25Parser.NumberLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#signedIntegerLiteral.
    def visitSignedIntegerLiteral(self, ctx:Cypher25Parser.SignedIntegerLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#listLiteral.
    def visitListLiteral(self, ctx:Cypher25Parser.ListLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#propertyKeyName.
    def visitPropertyKeyName(self, ctx:Cypher25Parser.PropertyKeyNameContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#parameter.
    def visitParameter(self, ctx:Cypher25Parser.ParameterContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#parameterName.
    def visitParameterName(self, ctx:Cypher25Parser.ParameterNameContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#functionInvocation.
    def visitFunctionInvocation(self, ctx:Cypher25Parser.FunctionInvocationContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#functionArgument.
    def visitFunctionArgument(self, ctx:Cypher25Parser.FunctionArgumentContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#functionName.
    def visitFunctionName(self, ctx:Cypher25Parser.FunctionNameContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#namespace.
    def visitNamespace(self, ctx:Cypher25Parser.NamespaceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#variable.
    def visitVariable(self, ctx:Cypher25Parser.VariableContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#obfuscatedLiteral.
    def visitObfuscatedLiteral(self, ctx:Cypher25Parser.ObfuscatedLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nonEmptyNameList.
    def visitNonEmptyNameList(self, ctx:Cypher25Parser.NonEmptyNameListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#type.
    def visitType(self, ctx:Cypher25Parser.TypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#typePart.
    def visitTypePart(self, ctx:Cypher25Parser.TypePartContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#typeName.
    def visitTypeName(self, ctx:Cypher25Parser.TypeNameContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#typeNullability.
    def visitTypeNullability(self, ctx:Cypher25Parser.TypeNullabilityContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#typeListSuffix.
    def visitTypeListSuffix(self, ctx:Cypher25Parser.TypeListSuffixContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#vectorCoordinateType.
    def visitVectorCoordinateType(self, ctx:Cypher25Parser.VectorCoordinateTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#command.
    def visitCommand(self, ctx:Cypher25Parser.CommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createCommand.
    def visitCreateCommand(self, ctx:Cypher25Parser.CreateCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterCommand.
    def visitAlterCommand(self, ctx:Cypher25Parser.AlterCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dropCommand.
    def visitDropCommand(self, ctx:Cypher25Parser.DropCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showAdminCommand.
    def visitShowAdminCommand(self, ctx:Cypher25Parser.ShowAdminCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showCommandYield.
    def visitShowCommandYield(self, ctx:Cypher25Parser.ShowCommandYieldContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showCommandYieldWhere.
    def visitShowCommandYieldWhere(self, ctx:Cypher25Parser.ShowCommandYieldWhereContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#yieldItem.
    def visitYieldItem(self, ctx:Cypher25Parser.YieldItemContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#yieldSkip.
    def visitYieldSkip(self, ctx:Cypher25Parser.YieldSkipContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#yieldLimit.
    def visitYieldLimit(self, ctx:Cypher25Parser.YieldLimitContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#yieldClause.
    def visitYieldClause(self, ctx:Cypher25Parser.YieldClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#commandOptions.
    def visitCommandOptions(self, ctx:Cypher25Parser.CommandOptionsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#terminateCommand.
    def visitTerminateCommand(self, ctx:Cypher25Parser.TerminateCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#composableCommandClauses.
    def visitComposableCommandClauses(self, ctx:Cypher25Parser.ComposableCommandClausesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#composableShowCommandClauses.
    def visitComposableShowCommandClauses(self, ctx:Cypher25Parser.ComposableShowCommandClausesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showIndexCommand.
    def visitShowIndexCommand(self, ctx:Cypher25Parser.ShowIndexCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showIndexType.
    def visitShowIndexType(self, ctx:Cypher25Parser.ShowIndexTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showIndexesEnd.
    def visitShowIndexesEnd(self, ctx:Cypher25Parser.ShowIndexesEndContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ShowConstraintAll.
    def visitShowConstraintAll(self, ctx:Cypher25Parser.ShowConstraintAllContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ShowConstraintExist.
    def visitShowConstraintExist(self, ctx:Cypher25Parser.ShowConstraintExistContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ShowConstraintKey.
    def visitShowConstraintKey(self, ctx:Cypher25Parser.ShowConstraintKeyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ShowConstraintPropType.
    def visitShowConstraintPropType(self, ctx:Cypher25Parser.ShowConstraintPropTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ShowConstraintUnique.
    def visitShowConstraintUnique(self, ctx:Cypher25Parser.ShowConstraintUniqueContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nodeEntity.
    def visitNodeEntity(self, ctx:Cypher25Parser.NodeEntityContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#relEntity.
    def visitRelEntity(self, ctx:Cypher25Parser.RelEntityContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#constraintExistType.
    def visitConstraintExistType(self, ctx:Cypher25Parser.ConstraintExistTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showConstraintsEnd.
    def visitShowConstraintsEnd(self, ctx:Cypher25Parser.ShowConstraintsEndContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showCurrentGraphTypeCommand.
    def visitShowCurrentGraphTypeCommand(self, ctx:Cypher25Parser.ShowCurrentGraphTypeCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showProcedures.
    def visitShowProcedures(self, ctx:Cypher25Parser.ShowProceduresContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showFunctions.
    def visitShowFunctions(self, ctx:Cypher25Parser.ShowFunctionsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#functionToken.
    def visitFunctionToken(self, ctx:Cypher25Parser.FunctionTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#executableBy.
    def visitExecutableBy(self, ctx:Cypher25Parser.ExecutableByContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showFunctionsType.
    def visitShowFunctionsType(self, ctx:Cypher25Parser.ShowFunctionsTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showTransactions.
    def visitShowTransactions(self, ctx:Cypher25Parser.ShowTransactionsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#terminateTransactions.
    def visitTerminateTransactions(self, ctx:Cypher25Parser.TerminateTransactionsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showSettings.
    def visitShowSettings(self, ctx:Cypher25Parser.ShowSettingsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#settingToken.
    def visitSettingToken(self, ctx:Cypher25Parser.SettingTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#namesAndClauses.
    def visitNamesAndClauses(self, ctx:Cypher25Parser.NamesAndClausesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#stringsOrExpression.
    def visitStringsOrExpression(self, ctx:Cypher25Parser.StringsOrExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#commandNodePattern.
    def visitCommandNodePattern(self, ctx:Cypher25Parser.CommandNodePatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#commandRelPattern.
    def visitCommandRelPattern(self, ctx:Cypher25Parser.CommandRelPatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createConstraint.
    def visitCreateConstraint(self, ctx:Cypher25Parser.CreateConstraintContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ConstraintTyped.
    def visitConstraintTyped(self, ctx:Cypher25Parser.ConstraintTypedContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ConstraintIsUnique.
    def visitConstraintIsUnique(self, ctx:Cypher25Parser.ConstraintIsUniqueContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ConstraintKey.
    def visitConstraintKey(self, ctx:Cypher25Parser.ConstraintKeyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#ConstraintIsNotNull.
    def visitConstraintIsNotNull(self, ctx:Cypher25Parser.ConstraintIsNotNullContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dropConstraint.
    def visitDropConstraint(self, ctx:Cypher25Parser.DropConstraintContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createIndex.
    def visitCreateIndex(self, ctx:Cypher25Parser.CreateIndexContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createIndex_.
    def visitCreateIndex_(self, ctx:Cypher25Parser.CreateIndex_Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createFulltextIndex.
    def visitCreateFulltextIndex(self, ctx:Cypher25Parser.CreateFulltextIndexContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createVectorIndex.
    def visitCreateVectorIndex(self, ctx:Cypher25Parser.CreateVectorIndexContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#multiLabelNodePattern.
    def visitMultiLabelNodePattern(self, ctx:Cypher25Parser.MultiLabelNodePatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#multiRelTypeRelPattern.
    def visitMultiRelTypeRelPattern(self, ctx:Cypher25Parser.MultiRelTypeRelPatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createLookupIndex.
    def visitCreateLookupIndex(self, ctx:Cypher25Parser.CreateLookupIndexContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#lookupIndexNodePattern.
    def visitLookupIndexNodePattern(self, ctx:Cypher25Parser.LookupIndexNodePatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#lookupIndexRelPattern.
    def visitLookupIndexRelPattern(self, ctx:Cypher25Parser.LookupIndexRelPatternContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dropIndex.
    def visitDropIndex(self, ctx:Cypher25Parser.DropIndexContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#propertyList.
    def visitPropertyList(self, ctx:Cypher25Parser.PropertyListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#enclosedPropertyList.
    def visitEnclosedPropertyList(self, ctx:Cypher25Parser.EnclosedPropertyListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#withProperties.
    def visitWithProperties(self, ctx:Cypher25Parser.WithPropertiesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterCurrentGraphType.
    def visitAlterCurrentGraphType(self, ctx:Cypher25Parser.AlterCurrentGraphTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#graphTypeSpecification.
    def visitGraphTypeSpecification(self, ctx:Cypher25Parser.GraphTypeSpecificationContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#graphTypeDropSpecification.
    def visitGraphTypeDropSpecification(self, ctx:Cypher25Parser.GraphTypeDropSpecificationContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#graphTypeSpecificationBody.
    def visitGraphTypeSpecificationBody(self, ctx:Cypher25Parser.GraphTypeSpecificationBodyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#graphTypeDropSpecificationBody.
    def visitGraphTypeDropSpecificationBody(self, ctx:Cypher25Parser.GraphTypeDropSpecificationBodyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#graphTypeElement.
    def visitGraphTypeElement(self, ctx:Cypher25Parser.GraphTypeElementContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#graphTypeDropElement.
    def visitGraphTypeDropElement(self, ctx:Cypher25Parser.GraphTypeDropElementContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nodeTypeInlineConstraintList.
    def visitNodeTypeInlineConstraintList(self, ctx:Cypher25Parser.NodeTypeInlineConstraintListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#edgeTypeInlineConstraintList.
    def visitEdgeTypeInlineConstraintList(self, ctx:Cypher25Parser.EdgeTypeInlineConstraintListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#implies.
    def visitImplies(self, ctx:Cypher25Parser.ImpliesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nodeTypeSpecification.
    def visitNodeTypeSpecification(self, ctx:Cypher25Parser.NodeTypeSpecificationContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#impliedLabelSet.
    def visitImpliedLabelSet(self, ctx:Cypher25Parser.ImpliedLabelSetContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#identifyingLabel.
    def visitIdentifyingLabel(self, ctx:Cypher25Parser.IdentifyingLabelContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nodeTypeReference.
    def visitNodeTypeReference(self, ctx:Cypher25Parser.NodeTypeReferenceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nodeTypeAliasReference.
    def visitNodeTypeAliasReference(self, ctx:Cypher25Parser.NodeTypeAliasReferenceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nodeTypeInSituReference.
    def visitNodeTypeInSituReference(self, ctx:Cypher25Parser.NodeTypeInSituReferenceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#edgeTypeSpecification.
    def visitEdgeTypeSpecification(self, ctx:Cypher25Parser.EdgeTypeSpecificationContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#arcTypePointingRight.
    def visitArcTypePointingRight(self, ctx:Cypher25Parser.ArcTypePointingRightContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#identifyingRelationship.
    def visitIdentifyingRelationship(self, ctx:Cypher25Parser.IdentifyingRelationshipContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#edgeTypeReference.
    def visitEdgeTypeReference(self, ctx:Cypher25Parser.EdgeTypeReferenceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#edgeTypeAliasReference.
    def visitEdgeTypeAliasReference(self, ctx:Cypher25Parser.EdgeTypeAliasReferenceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#edgeTypeInSituReference.
    def visitEdgeTypeInSituReference(self, ctx:Cypher25Parser.EdgeTypeInSituReferenceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#propertyTypeList.
    def visitPropertyTypeList(self, ctx:Cypher25Parser.PropertyTypeListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#propertyType.
    def visitPropertyType(self, ctx:Cypher25Parser.PropertyTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#propertyTypeInlineConstraint.
    def visitPropertyTypeInlineConstraint(self, ctx:Cypher25Parser.PropertyTypeInlineConstraintContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#typed.
    def visitTyped(self, ctx:Cypher25Parser.TypedContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#constraintSpecification.
    def visitConstraintSpecification(self, ctx:Cypher25Parser.ConstraintSpecificationContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#renameCommand.
    def visitRenameCommand(self, ctx:Cypher25Parser.RenameCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#grantCommand.
    def visitGrantCommand(self, ctx:Cypher25Parser.GrantCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#denyCommand.
    def visitDenyCommand(self, ctx:Cypher25Parser.DenyCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#revokeCommand.
    def visitRevokeCommand(self, ctx:Cypher25Parser.RevokeCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#userNames.
    def visitUserNames(self, ctx:Cypher25Parser.UserNamesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#roleNames.
    def visitRoleNames(self, ctx:Cypher25Parser.RoleNamesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#authRuleNames.
    def visitAuthRuleNames(self, ctx:Cypher25Parser.AuthRuleNamesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#roleToken.
    def visitRoleToken(self, ctx:Cypher25Parser.RoleTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#tagToken.
    def visitTagToken(self, ctx:Cypher25Parser.TagTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#authRuleKeywords.
    def visitAuthRuleKeywords(self, ctx:Cypher25Parser.AuthRuleKeywordsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#commandToken.
    def visitCommandToken(self, ctx:Cypher25Parser.CommandTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#enableServerCommand.
    def visitEnableServerCommand(self, ctx:Cypher25Parser.EnableServerCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterServer.
    def visitAlterServer(self, ctx:Cypher25Parser.AlterServerContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#renameServer.
    def visitRenameServer(self, ctx:Cypher25Parser.RenameServerContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dropServer.
    def visitDropServer(self, ctx:Cypher25Parser.DropServerContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showServers.
    def visitShowServers(self, ctx:Cypher25Parser.ShowServersContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#allocationCommand.
    def visitAllocationCommand(self, ctx:Cypher25Parser.AllocationCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#deallocateDatabaseFromServers.
    def visitDeallocateDatabaseFromServers(self, ctx:Cypher25Parser.DeallocateDatabaseFromServersContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#reallocateDatabases.
    def visitReallocateDatabases(self, ctx:Cypher25Parser.ReallocateDatabasesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createRole.
    def visitCreateRole(self, ctx:Cypher25Parser.CreateRoleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dropRole.
    def visitDropRole(self, ctx:Cypher25Parser.DropRoleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#renameRole.
    def visitRenameRole(self, ctx:Cypher25Parser.RenameRoleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showRoles.
    def visitShowRoles(self, ctx:Cypher25Parser.ShowRolesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#grantRole.
    def visitGrantRole(self, ctx:Cypher25Parser.GrantRoleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#revokeRole.
    def visitRevokeRole(self, ctx:Cypher25Parser.RevokeRoleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#usersOrAuthRule.
    def visitUsersOrAuthRule(self, ctx:Cypher25Parser.UsersOrAuthRuleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createUser.
    def visitCreateUser(self, ctx:Cypher25Parser.CreateUserContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dropUser.
    def visitDropUser(self, ctx:Cypher25Parser.DropUserContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#renameUser.
    def visitRenameUser(self, ctx:Cypher25Parser.RenameUserContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterCurrentUser.
    def visitAlterCurrentUser(self, ctx:Cypher25Parser.AlterCurrentUserContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterUser.
    def visitAlterUser(self, ctx:Cypher25Parser.AlterUserContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterUsers.
    def visitAlterUsers(self, ctx:Cypher25Parser.AlterUsersContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#removeNamedProvider.
    def visitRemoveNamedProvider(self, ctx:Cypher25Parser.RemoveNamedProviderContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#userSetTagsClause.
    def visitUserSetTagsClause(self, ctx:Cypher25Parser.UserSetTagsClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#userAddTagsClause.
    def visitUserAddTagsClause(self, ctx:Cypher25Parser.UserAddTagsClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#userRemoveTagsClause.
    def visitUserRemoveTagsClause(self, ctx:Cypher25Parser.UserRemoveTagsClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#explicitUserTags.
    def visitExplicitUserTags(self, ctx:Cypher25Parser.ExplicitUserTagsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#password.
    def visitPassword(self, ctx:Cypher25Parser.PasswordContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#passwordOnly.
    def visitPasswordOnly(self, ctx:Cypher25Parser.PasswordOnlyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#passwordExpression.
    def visitPasswordExpression(self, ctx:Cypher25Parser.PasswordExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#passwordChangeRequired.
    def visitPasswordChangeRequired(self, ctx:Cypher25Parser.PasswordChangeRequiredContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#userStatus.
    def visitUserStatus(self, ctx:Cypher25Parser.UserStatusContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#homeDatabase.
    def visitHomeDatabase(self, ctx:Cypher25Parser.HomeDatabaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#setAuthClause.
    def visitSetAuthClause(self, ctx:Cypher25Parser.SetAuthClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#userAuthAttribute.
    def visitUserAuthAttribute(self, ctx:Cypher25Parser.UserAuthAttributeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showUsers.
    def visitShowUsers(self, ctx:Cypher25Parser.ShowUsersContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showCurrentUser.
    def visitShowCurrentUser(self, ctx:Cypher25Parser.ShowCurrentUserContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showSupportedPrivileges.
    def visitShowSupportedPrivileges(self, ctx:Cypher25Parser.ShowSupportedPrivilegesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showPrivileges.
    def visitShowPrivileges(self, ctx:Cypher25Parser.ShowPrivilegesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showRolePrivileges.
    def visitShowRolePrivileges(self, ctx:Cypher25Parser.ShowRolePrivilegesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showUserPrivileges.
    def visitShowUserPrivileges(self, ctx:Cypher25Parser.ShowUserPrivilegesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#privilegeAsCommand.
    def visitPrivilegeAsCommand(self, ctx:Cypher25Parser.PrivilegeAsCommandContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#privilegeToken.
    def visitPrivilegeToken(self, ctx:Cypher25Parser.PrivilegeTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#privilege.
    def visitPrivilege(self, ctx:Cypher25Parser.PrivilegeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#allPrivilege.
    def visitAllPrivilege(self, ctx:Cypher25Parser.AllPrivilegeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#allPrivilegeType.
    def visitAllPrivilegeType(self, ctx:Cypher25Parser.AllPrivilegeTypeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#DefaultTarget.
    def visitDefaultTarget(self, ctx:Cypher25Parser.DefaultTargetContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#DatabaseVariableTarget.
    def visitDatabaseVariableTarget(self, ctx:Cypher25Parser.DatabaseVariableTargetContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#GraphVariableTarget.
    def visitGraphVariableTarget(self, ctx:Cypher25Parser.GraphVariableTargetContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#DBMSTarget.
    def visitDBMSTarget(self, ctx:Cypher25Parser.DBMSTargetContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createPrivilege.
    def visitCreatePrivilege(self, ctx:Cypher25Parser.CreatePrivilegeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createPrivilegeForDatabase.
    def visitCreatePrivilegeForDatabase(self, ctx:Cypher25Parser.CreatePrivilegeForDatabaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createNodePrivilegeToken.
    def visitCreateNodePrivilegeToken(self, ctx:Cypher25Parser.CreateNodePrivilegeTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createRelPrivilegeToken.
    def visitCreateRelPrivilegeToken(self, ctx:Cypher25Parser.CreateRelPrivilegeTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createPropertyPrivilegeToken.
    def visitCreatePropertyPrivilegeToken(self, ctx:Cypher25Parser.CreatePropertyPrivilegeTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#actionForDBMS.
    def visitActionForDBMS(self, ctx:Cypher25Parser.ActionForDBMSContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dropPrivilege.
    def visitDropPrivilege(self, ctx:Cypher25Parser.DropPrivilegeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#loadPrivilege.
    def visitLoadPrivilege(self, ctx:Cypher25Parser.LoadPrivilegeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showPrivilege.
    def visitShowPrivilege(self, ctx:Cypher25Parser.ShowPrivilegeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#setPrivilege.
    def visitSetPrivilege(self, ctx:Cypher25Parser.SetPrivilegeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#passwordToken.
    def visitPasswordToken(self, ctx:Cypher25Parser.PasswordTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#removePrivilege.
    def visitRemovePrivilege(self, ctx:Cypher25Parser.RemovePrivilegeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#writePrivilege.
    def visitWritePrivilege(self, ctx:Cypher25Parser.WritePrivilegeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#databasePrivilege.
    def visitDatabasePrivilege(self, ctx:Cypher25Parser.DatabasePrivilegeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dbmsPrivilege.
    def visitDbmsPrivilege(self, ctx:Cypher25Parser.DbmsPrivilegeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dbmsPrivilegeExecute.
    def visitDbmsPrivilegeExecute(self, ctx:Cypher25Parser.DbmsPrivilegeExecuteContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#adminToken.
    def visitAdminToken(self, ctx:Cypher25Parser.AdminTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#procedureToken.
    def visitProcedureToken(self, ctx:Cypher25Parser.ProcedureTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#indexToken.
    def visitIndexToken(self, ctx:Cypher25Parser.IndexTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#constraintToken.
    def visitConstraintToken(self, ctx:Cypher25Parser.ConstraintTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#transactionToken.
    def visitTransactionToken(self, ctx:Cypher25Parser.TransactionTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#secretToken.
    def visitSecretToken(self, ctx:Cypher25Parser.SecretTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#secretQualifier.
    def visitSecretQualifier(self, ctx:Cypher25Parser.SecretQualifierContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#userQualifier.
    def visitUserQualifier(self, ctx:Cypher25Parser.UserQualifierContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#executeFunctionQualifier.
    def visitExecuteFunctionQualifier(self, ctx:Cypher25Parser.ExecuteFunctionQualifierContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#executeProcedureQualifier.
    def visitExecuteProcedureQualifier(self, ctx:Cypher25Parser.ExecuteProcedureQualifierContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#settingQualifier.
    def visitSettingQualifier(self, ctx:Cypher25Parser.SettingQualifierContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#globs.
    def visitGlobs(self, ctx:Cypher25Parser.GlobsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#glob.
    def visitGlob(self, ctx:Cypher25Parser.GlobContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#globRecursive.
    def visitGlobRecursive(self, ctx:Cypher25Parser.GlobRecursiveContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#globPart.
    def visitGlobPart(self, ctx:Cypher25Parser.GlobPartContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#qualifiedGraphPrivileges.
    def visitQualifiedGraphPrivileges(self, ctx:Cypher25Parser.QualifiedGraphPrivilegesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#labelsResource.
    def visitLabelsResource(self, ctx:Cypher25Parser.LabelsResourceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#propertiesResource.
    def visitPropertiesResource(self, ctx:Cypher25Parser.PropertiesResourceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nonEmptyStringList.
    def visitNonEmptyStringList(self, ctx:Cypher25Parser.NonEmptyStringListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#graphQualifier.
    def visitGraphQualifier(self, ctx:Cypher25Parser.GraphQualifierContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#graphQualifierToken.
    def visitGraphQualifierToken(self, ctx:Cypher25Parser.GraphQualifierTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#relToken.
    def visitRelToken(self, ctx:Cypher25Parser.RelTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#elementToken.
    def visitElementToken(self, ctx:Cypher25Parser.ElementTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#nodeToken.
    def visitNodeToken(self, ctx:Cypher25Parser.NodeTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#databaseScope.
    def visitDatabaseScope(self, ctx:Cypher25Parser.DatabaseScopeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#graphScope.
    def visitGraphScope(self, ctx:Cypher25Parser.GraphScopeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createAuthRule.
    def visitCreateAuthRule(self, ctx:Cypher25Parser.CreateAuthRuleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#authRuleSetClause.
    def visitAuthRuleSetClause(self, ctx:Cypher25Parser.AuthRuleSetClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#authRuleSetCondition.
    def visitAuthRuleSetCondition(self, ctx:Cypher25Parser.AuthRuleSetConditionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#authRuleSetEnabled.
    def visitAuthRuleSetEnabled(self, ctx:Cypher25Parser.AuthRuleSetEnabledContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#renameAuthRule.
    def visitRenameAuthRule(self, ctx:Cypher25Parser.RenameAuthRuleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterAuthRule.
    def visitAlterAuthRule(self, ctx:Cypher25Parser.AlterAuthRuleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dropAuthRule.
    def visitDropAuthRule(self, ctx:Cypher25Parser.DropAuthRuleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showAuthRules.
    def visitShowAuthRules(self, ctx:Cypher25Parser.ShowAuthRulesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createCompositeDatabase.
    def visitCreateCompositeDatabase(self, ctx:Cypher25Parser.CreateCompositeDatabaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createDatabase.
    def visitCreateDatabase(self, ctx:Cypher25Parser.CreateDatabaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createReplicaDatabase.
    def visitCreateReplicaDatabase(self, ctx:Cypher25Parser.CreateReplicaDatabaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#shards.
    def visitShards(self, ctx:Cypher25Parser.ShardsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#graphShard.
    def visitGraphShard(self, ctx:Cypher25Parser.GraphShardContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#propertyShard.
    def visitPropertyShard(self, ctx:Cypher25Parser.PropertyShardContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#topology.
    def visitTopology(self, ctx:Cypher25Parser.TopologyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#primaryTopology.
    def visitPrimaryTopology(self, ctx:Cypher25Parser.PrimaryTopologyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#primaryToken.
    def visitPrimaryToken(self, ctx:Cypher25Parser.PrimaryTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#secondaryTopology.
    def visitSecondaryTopology(self, ctx:Cypher25Parser.SecondaryTopologyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#secondaryToken.
    def visitSecondaryToken(self, ctx:Cypher25Parser.SecondaryTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#replicaToken.
    def visitReplicaToken(self, ctx:Cypher25Parser.ReplicaTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#defaultLanguageSpecification.
    def visitDefaultLanguageSpecification(self, ctx:Cypher25Parser.DefaultLanguageSpecificationContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dropDatabase.
    def visitDropDatabase(self, ctx:Cypher25Parser.DropDatabaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#aliasAction.
    def visitAliasAction(self, ctx:Cypher25Parser.AliasActionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterDatabase.
    def visitAlterDatabase(self, ctx:Cypher25Parser.AlterDatabaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterDatabaseAccess.
    def visitAlterDatabaseAccess(self, ctx:Cypher25Parser.AlterDatabaseAccessContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterDatabaseTopology.
    def visitAlterDatabaseTopology(self, ctx:Cypher25Parser.AlterDatabaseTopologyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterDatabaseOption.
    def visitAlterDatabaseOption(self, ctx:Cypher25Parser.AlterDatabaseOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterGraphShard.
    def visitAlterGraphShard(self, ctx:Cypher25Parser.AlterGraphShardContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterPropertyShards.
    def visitAlterPropertyShards(self, ctx:Cypher25Parser.AlterPropertyShardsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterReplicaTopology.
    def visitAlterReplicaTopology(self, ctx:Cypher25Parser.AlterReplicaTopologyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#startDatabase.
    def visitStartDatabase(self, ctx:Cypher25Parser.StartDatabaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#stopDatabase.
    def visitStopDatabase(self, ctx:Cypher25Parser.StopDatabaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#waitClause.
    def visitWaitClause(self, ctx:Cypher25Parser.WaitClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#secondsToken.
    def visitSecondsToken(self, ctx:Cypher25Parser.SecondsTokenContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showDatabase.
    def visitShowDatabase(self, ctx:Cypher25Parser.ShowDatabaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#aliasName.
    def visitAliasName(self, ctx:Cypher25Parser.AliasNameContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#aliasTargetName.
    def visitAliasTargetName(self, ctx:Cypher25Parser.AliasTargetNameContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#createAlias.
    def visitCreateAlias(self, ctx:Cypher25Parser.CreateAliasContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#remoteTargetConnectionCredentials.
    def visitRemoteTargetConnectionCredentials(self, ctx:Cypher25Parser.RemoteTargetConnectionCredentialsContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#dropAlias.
    def visitDropAlias(self, ctx:Cypher25Parser.DropAliasContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterAlias.
    def visitAlterAlias(self, ctx:Cypher25Parser.AlterAliasContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterAliasTarget.
    def visitAlterAliasTarget(self, ctx:Cypher25Parser.AlterAliasTargetContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterAliasUser.
    def visitAlterAliasUser(self, ctx:Cypher25Parser.AlterAliasUserContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterAliasPassword.
    def visitAlterAliasPassword(self, ctx:Cypher25Parser.AlterAliasPasswordContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterAliasDriver.
    def visitAlterAliasDriver(self, ctx:Cypher25Parser.AlterAliasDriverContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#alterAliasProperties.
    def visitAlterAliasProperties(self, ctx:Cypher25Parser.AlterAliasPropertiesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#showAliases.
    def visitShowAliases(self, ctx:Cypher25Parser.ShowAliasesContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#commandNameExpression.
    def visitCommandNameExpression(self, ctx:Cypher25Parser.CommandNameExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#symbolicNameOrStringParameterList.
    def visitSymbolicNameOrStringParameterList(self, ctx:Cypher25Parser.SymbolicNameOrStringParameterListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#symbolicAliasNameList.
    def visitSymbolicAliasNameList(self, ctx:Cypher25Parser.SymbolicAliasNameListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#symbolicAliasNameOrParameter.
    def visitSymbolicAliasNameOrParameter(self, ctx:Cypher25Parser.SymbolicAliasNameOrParameterContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#symbolicAliasName.
    def visitSymbolicAliasName(self, ctx:Cypher25Parser.SymbolicAliasNameContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#stringListLiteral.
    def visitStringListLiteral(self, ctx:Cypher25Parser.StringListLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#stringList.
    def visitStringList(self, ctx:Cypher25Parser.StringListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#stringLiteral.
    def visitStringLiteral(self, ctx:Cypher25Parser.StringLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#interpolatedStringLiteral.
    def visitInterpolatedStringLiteral(self, ctx:Cypher25Parser.InterpolatedStringLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#interpolatedStringLiteralSingle.
    def visitInterpolatedStringLiteralSingle(self, ctx:Cypher25Parser.InterpolatedStringLiteralSingleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#interpolatedStringLiteralDouble.
    def visitInterpolatedStringLiteralDouble(self, ctx:Cypher25Parser.InterpolatedStringLiteralDoubleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#interpolatedElementSingle.
    def visitInterpolatedElementSingle(self, ctx:Cypher25Parser.InterpolatedElementSingleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#interpolatedElementDouble.
    def visitInterpolatedElementDouble(self, ctx:Cypher25Parser.InterpolatedElementDoubleContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#stringOrParameterExpression.
    def visitStringOrParameterExpression(self, ctx:Cypher25Parser.StringOrParameterExpressionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#stringOrParameter.
    def visitStringOrParameter(self, ctx:Cypher25Parser.StringOrParameterContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#uIntOrIntParameter.
    def visitUIntOrIntParameter(self, ctx:Cypher25Parser.UIntOrIntParameterContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#mapOrParameter.
    def visitMapOrParameter(self, ctx:Cypher25Parser.MapOrParameterContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#map.
    def visitMap(self, ctx:Cypher25Parser.MapContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#symbolicVariableNameString.
    def visitSymbolicVariableNameString(self, ctx:Cypher25Parser.SymbolicVariableNameStringContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#escapedSymbolicVariableNameString.
    def visitEscapedSymbolicVariableNameString(self, ctx:Cypher25Parser.EscapedSymbolicVariableNameStringContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#unescapedSymbolicVariableNameString.
    def visitUnescapedSymbolicVariableNameString(self, ctx:Cypher25Parser.UnescapedSymbolicVariableNameStringContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#symbolicNameString.
    def visitSymbolicNameString(self, ctx:Cypher25Parser.SymbolicNameStringContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#escapedSymbolicNameString.
    def visitEscapedSymbolicNameString(self, ctx:Cypher25Parser.EscapedSymbolicNameStringContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#unescapedSymbolicNameString.
    def visitUnescapedSymbolicNameString(self, ctx:Cypher25Parser.UnescapedSymbolicNameStringContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#unescapedSymbolicNameString_.
    def visitUnescapedSymbolicNameString_(self, ctx:Cypher25Parser.UnescapedSymbolicNameString_Context):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by Cypher25Parser#endOfFile.
    def visitEndOfFile(self, ctx:Cypher25Parser.EndOfFileContext):
        return self.visitChildren(ctx)



del Cypher25Parser