using Demarcate.Server.Ogc;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Demarcate.Server.Endpoints;

/// <summary>
/// Renders an OGC API resource as a page of the workspace (the shared layout, the user's language) from a minimal-API
/// handler, so one endpoint answers both GDAL's JSON and a browser's HTML for the same address.
/// </summary>
public static class OgcHtml
{
    private const string View = "/Pages/Ogc/OgcResource.cshtml";

    public static async Task<IResult> RenderAsync(HttpContext context, OgcPage page)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        var engine = services.GetRequiredService<IRazorViewEngine>();
        var found = engine.GetView(executingFilePath: null, View, isMainPage: true);
        if (!found.Success)
        {
            throw new InvalidOperationException("The OGC page view is missing: " + View);
        }

        var actionContext = new ActionContext(context, context.GetRouteData(), new ActionDescriptor());
        var viewData = new ViewDataDictionary<OgcPage>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = page };
        var tempData = new TempDataDictionary(context, services.GetRequiredService<ITempDataProvider>());
        await using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var viewContext = new ViewContext(actionContext, found.View, viewData, tempData, writer, new HtmlHelperOptions());
        await found.View.RenderAsync(viewContext);
        return TypedResults.Content(writer.ToString(), "text/html; charset=utf-8");
    }
}
