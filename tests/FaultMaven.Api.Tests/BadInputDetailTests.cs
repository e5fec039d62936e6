using System.Text.Json;
using FaultMaven.Api.Robustness;
using Microsoft.AspNetCore.Http;

namespace FaultMaven.Api.Tests;

/// <summary>
/// What a client is told about input ASP.NET Core could not bind: the parameter by its name and the kind of value it
/// takes, or where its JSON broke, never the server's .NET type names (the messages are ASP.NET Core's own, as it throws them).
/// </summary>
public sealed class BadInputDetailTests
{
    [Theory]
    [InlineData("Failed to bind parameter \"Nullable<int> Limit\" from \"abc\".", "'limit' must be a whole number; got 'abc'.")]
    [InlineData("Failed to bind parameter \"Nullable<DateTimeOffset> From\" from \"yesterday\".", "'from' must be a date and time (ISO 8601, e.g. 2026-12-01T10:00:00Z); got 'yesterday'.")]
    [InlineData("Failed to bind parameter \"bool storeAsIncident\" from \"maybe\".", "'storeAsIncident' must be true or false; got 'maybe'.")]
    [InlineData("Failed to bind parameter \"Guid id\" from \"42\".", "'id' must be an id (a GUID); got '42'.")]
    [InlineData("Required parameter \"string source\" was not provided from query string.", "'source' is required (query string).")]
    public void A_parameter_that_could_not_be_bound_is_named_with_the_kind_of_value_it_takes(string aspNetCoreMessage, string detail)
    {
        Assert.Equal(detail, BadInputExceptionHandler.Detail(new BadHttpRequestException(aspNetCoreMessage)));
    }

    [Fact]
    public void A_JSON_body_of_the_wrong_shape_is_located_without_the_type_it_was_meant_for()
    {
        var exception = new BadHttpRequestException(
            "Failed to read parameter \"QueryRequest request\" from the request body as JSON.",
            StatusCodes.Status400BadRequest,
            new JsonException("The JSON value could not be converted to FaultMaven.Api.Endpoints.QueryRequest. Path: $ | LineNumber: 0 | BytePositionInLine: 1.", "$", 0, 1));

        var detail = BadInputExceptionHandler.Detail(exception);

        Assert.Equal("The body is not the JSON this endpoint takes (line 1, byte 2): a value of the wrong kind (an array, object, string, number or literal where another is expected)", detail);
    }

    [Fact]
    public void A_JSON_syntax_error_keeps_its_reason_and_gains_its_position()
    {
        var exception = new BadHttpRequestException(
            "Failed to read parameter \"QueryRequest request\" from the request body as JSON.",
            StatusCodes.Status400BadRequest,
            new JsonException("'x' is an invalid start of a value. Path: $.text | LineNumber: 2 | BytePositionInLine: 9.", "$.text", 2, 9));

        Assert.Equal("The body is not the JSON this endpoint takes at $.text (line 3, byte 10): 'x' is an invalid start of a value.", BadInputExceptionHandler.Detail(exception));
    }
}
